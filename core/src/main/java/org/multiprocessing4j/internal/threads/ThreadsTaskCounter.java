package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.spi.TaskCounter;

/**
 * A {@link org.multiprocessing4j.JoinableQueue}'s count of unfinished tasks (and a pipe's count of
 * writers) in the threads context: an int under a {@link ReentrantLock}; reaching zero signals
 * the waiters of {@link #awaitZero}.
 */
final class ThreadsTaskCounter implements TaskCounter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition zero = lock.newCondition();
    private final Registry.Ref ref = Registry.register("counter", this);
    /** Written under lock; read without it by {@link #get()}. */
    private volatile int count;

    @Override
    public int get() {
        return count;
    }

    @Override
    public void increment() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void decrement(String what) {
        lock.lock();
        try {
            if (count <= 0) {
                throw new IllegalStateException(what + " called more times than there were items (count=" + count + ")");
            }
            if (--count == 0) {
                zero.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitZero(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            return Waits.until(zero, () -> count == 0, timeoutNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    @Override
    public String toString() {
        return "threads-counter-" + ref.id();
    }
}
