package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.spi.Mutex;

/**
 * A {@link org.multiprocessing4j.Lock} or {@link org.multiprocessing4j.RLock} of the threads
 * context: a {@link ReentrantLock}. Ownership is as the other contexts': the acquiring thread owns
 * it and only it may release (others get {@link IllegalMonitorStateException}); a non-reentrant
 * lock refuses a second acquire by its holder with {@link IllegalStateException} rather than
 * deadlocking.
 *
 * <p>Waiting: {@code acquire(Long.MAX_VALUE)} is {@link ReentrantLock#lockInterruptibly()}, a
 * timed one {@link ReentrantLock#tryLock(long, TimeUnit)}, a zero or negative timeout {@link
 * ReentrantLock#tryLock()} (which, as a local lock's, ignores an interrupt). Memory consistency is {@link ReentrantLock}'s.
 */
final class ThreadsMutex implements Mutex {
    private final ReentrantLock lock = new ReentrantLock();
    private final boolean reentrant;
    private final Registry.Ref ref;

    ThreadsMutex(boolean reentrant) {
        this.reentrant = reentrant;
        this.ref = Registry.register(reentrant ? "rlock" : "lock", this);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (!reentrant && lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("Lock is not reentrant and this thread holds it already; use RLock");
        }
        if (timeoutNanos == Long.MAX_VALUE) {
            lock.lockInterruptibly();
            return true;
        }
        return timeoutNanos <= 0 ? lock.tryLock() : lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void release() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException((reentrant ? "RLock " : "Lock ") + name()
                    + " is not held by this thread (" + Thread.currentThread().getName() + ")"
                    + (lock.isLocked() ? "" : ": it is not locked"));
        }
        lock.unlock();
    }

    @Override
    public boolean isLocked() {
        return lock.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public int holdCount() {
        return lock.getHoldCount();
    }

    @Override
    public String name() {
        return "threads-" + ref.kind() + "-" + ref.id();
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    @Override
    public String toString() {
        return name();
    }
}
