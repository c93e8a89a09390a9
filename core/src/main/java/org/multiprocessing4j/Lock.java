package org.multiprocessing4j;

import java.io.Serial;
import java.time.Duration;
import org.multiprocessing4j.internal.manager.ManagedObjects;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;
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
public final class Lock extends MutexLock implements SharedLock {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates a new, unlocked lock in shared memory. */
    public Lock() {
        super(remoteOrNull(false));
    }

    /** A lock at offset 0 of {@code segment}'s data (which other objects, such as a Value, may share). */
    Lock(SharedSegment segment) {
        super(segment);
    }

    /** A lock of another context (or, for {@code null}, a new one in shared memory). */
    Lock(Mutex remote) {
        super(remote);
    }

    /**
     * Blocks until the lock is acquired.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this thread already holds it
     */
    @Override
    public void acquire() throws InterruptedException {
        acquire(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @return whether it was acquired
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if this thread already holds it
     */
    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        return acquire(timeout.toNanos());
    }

    private boolean acquire(long nanos) throws InterruptedException {
        if (remote != null) {
            // a manager's lock checks this in the server, in the same call (one round trip, not two)
            if (!(remote instanceof ManagedObjects.RemoteMutex) && remote.isHeldByCurrentThread()) {
                throw new IllegalStateException("Lock is not reentrant and this thread holds it already; use RLock");
            }
            return remote.acquire(nanos);
        }
        if (mutex.tryAcquire()) {
            return true;
        }
        if (mutex.isHeldByCurrentThread()) {
            throw new IllegalStateException("Lock is not reentrant and this thread holds it already; use RLock");
        }
        return mutex.acquire(nanos) != SharedMutex.Acquired.NO;
    }

    /** Takes the lock if it is free now; returns whether it did. */
    @Override
    public boolean tryAcquire() {
        if (remote != null) {
            try {
                return !remote.isHeldByCurrentThread() && remote.acquire(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
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
        if (remote != null) {
            remote.release();
        } else {
            mutex.release();
        }
    }

    /**
     * Acquires the lock and returns a {@link Hold} that releases it: {@code try (var _ = lock.hold())}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public Hold hold() throws InterruptedException {
        acquire();
        return this::release;
    }

    /** Acquires the lock, ignoring interrupts (they are re-asserted afterwards). */
    /** A {@link Condition} bound to this lock. */
    @Override
    public Condition newCondition() {
        return new Condition(this);
    }
}
