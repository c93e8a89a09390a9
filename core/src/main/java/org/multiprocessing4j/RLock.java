package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.spi.Mutex;

/**
 * A reentrant lock shared by processes, as Python's {@code multiprocessing.RLock}: the holding
 * thread may acquire it again, and must release it as many times.
 *
 * <pre>{@code
 * RLock lock = new RLock();
 * try (var _ = lock.hold()) {
 *     try (var _ = lock.hold()) {   // same thread: fine
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Ownership, owner death and memory consistency are as for {@link Lock}: only the holder
 * (process and thread) may release; a lock whose holder process died is taken over by a waiter
 * within about half a second, with {@link #isRecovered()} true and its recursion count reset.
 */
public final class RLock implements SharedLock, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The lock itself, in the backend of the context this lock was made in. */
    final transient Mutex mutex;

    /** Creates a new, unlocked lock in the current context (shared memory for the local one). */
    public RLock() {
        this(Context.Current.engine().mutex(true));
    }

    /** A lock over {@code mutex}, a reentrant mutex of some backend. */
    RLock(Mutex mutex) {
        this.mutex = mutex;
    }

    /**
     * Blocks until the lock is acquired.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public void acquire() throws InterruptedException {
        mutex.acquire(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        return mutex.acquire(timeout.toNanos());
    }

    /** Acquires the lock if it is free (or, for an {@code RLock}, held by this thread), without waiting. */
    @Override
    public boolean tryAcquire() {
        return mutex.tryAcquire();
    }

    /**
     * Releases one hold of the lock (the last release frees it).
     *
     * @throws IllegalMonitorStateException if this thread does not hold it (including when it is
     *     not locked at all)
     */
    @Override
    public void release() {
        mutex.release();
    }

    /**
     * Acquires the lock and returns a {@link Hold} whose {@code close()} releases it, for
     * try-with-resources.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public Hold hold() throws InterruptedException {
        mutex.acquire(Long.MAX_VALUE);
        return mutex::release;
    }

    /**
     * Holds of the calling thread: how many times it acquired the lock without releasing it.
     *
     * @return holds of the calling thread, 0 if it does not hold the lock
     */
    public int holdCount() {
        return mutex.holdCount();
    }

    /**
     * Whether some thread of some process holds the lock.
     *
     * @return whether some thread of some process holds the lock
     */
    public boolean isLocked() {
        return mutex.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByCurrentThread();
    }

    @Override
    public boolean isRecovered() {
        return mutex.isRecovered();
    }

    @Override
    public long diedOwnerPid() {
        return mutex.diedOwnerPid();
    }

    /** A {@link Condition} bound to this lock. */
    @Override
    public Condition newCondition() {
        return new Condition(this);
    }

    @Override
    public String toString() {
        return "RLock[" + mutex.name() + (mutex.isLocked() ? ", locked]" : ", unlocked]");
    }

    @Serial
    private Object writeReplace() {
        return new LockHandle(mutex.handle(), true);
    }
}
