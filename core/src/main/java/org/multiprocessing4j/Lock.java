package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.spi.Mutex;

/**
 * A mutual-exclusion lock shared by processes, as Python's {@code multiprocessing.Lock}, that is
 * also a {@link java.util.concurrent.locks.Lock}.
 *
 * <p>The lock lives in shared memory; this object is a handle to it. Pass it to a
 * {@link Process} (capture it in the target), a pool task, or through a queue: every copy is the
 * same lock.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * Process p = new Process(() -> {
 *     try (var _ = lock.hold()) {
 *         System.out.println("only one process at a time prints this");
 *     }
 * });
 * }</pre>
 *
 * <h2>Ownership</h2>
 * The lock is owned by the process and thread that acquired it: only they may release it, others
 * get {@link IllegalMonitorStateException}. (CPython lets any process release; use a
 * {@code Semaphore(1)} for that hand-off idiom.) It is not reentrant: acquiring it again from the
 * holding thread throws {@link IllegalStateException} instead of deadlocking; use {@link RLock}.
 *
 * <h2>Owner death</h2>
 * If the holding process dies, a waiter takes the lock within about 0.4 s (it checks the owner's
 * pid and start time that often, so within half a second) and
 * {@link #isRecovered()} tells it so while it holds the lock, with the dead pid in
 * {@link #diedOwnerPid()}: what the lock guarded may be half-updated.
 *
 * <h2>Memory consistency</h2>
 * Writes by a holder before {@link #release()} happen-before reads by the next holder after it
 * acquired the lock, in any process.
 */
public final class Lock implements SharedLock, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The lock itself, in the backend of the context this lock was made in. */
    final transient Mutex mutex;

    /** Creates a new, unlocked lock in the current context (shared memory for the local one). */
    public Lock() {
        this(Context.Current.engine().mutex(false));
    }

    /** A lock over {@code mutex}, a non-reentrant mutex of some backend. */
    Lock(Mutex mutex) {
        this.mutex = mutex;
    }

    /**
     * Blocks until the lock is acquired.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this thread already holds it
     */
    @Override
    public void acquire() throws InterruptedException {
        mutex.acquire(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this thread already holds it
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
     * Releases the lock.
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
        return "Lock[" + mutex.name() + (mutex.isLocked() ? ", locked]" : ", unlocked]");
    }

    @Serial
    private Object writeReplace() {
        return new LockHandle(mutex.handle(), false);
    }
}
