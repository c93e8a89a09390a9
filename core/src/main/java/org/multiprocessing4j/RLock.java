package org.multiprocessing4j;

import java.io.Serial;
import java.time.Duration;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;
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
public final class RLock extends MutexLock implements SharedLock {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates a new, unlocked reentrant lock in shared memory. */
    public RLock() {
        super(remoteOrNull(true));
    }

    /** A lock at offset 0 of {@code segment}'s data (which other objects, such as a Value, may share). */
    /** A lock of another context (or, for {@code null}, a new one in shared memory). */
    RLock(Mutex remote) {
        super(remote);
    }

    RLock(SharedSegment segment) {
        super(segment);
    }

    /**
     * Blocks until the lock is acquired (at once if this thread holds it).
     *
     * @throws InterruptedException if interrupted while waiting
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
     */
    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        return acquire(timeout.toNanos());
    }

    private boolean acquire(long nanos) throws InterruptedException {
        if (remote != null) {
            return remote.acquire(nanos);
        }
        if (mutex.isHeldByCurrentThread()) {
            int count = mutex.holdCount();
            if (count == Integer.MAX_VALUE) {
                throw new IllegalStateException("RLock hold count=" + count + " would overflow");
            }
            mutex.setHoldCount(count + 1);
            return true;
        }
        if (mutex.tryAcquire() || mutex.acquire(nanos) != SharedMutex.Acquired.NO) {
            mutex.setHoldCount(1);
            return true;
        }
        return false;
    }

    /** Takes the lock if it is free now or held by this thread; returns whether it did. */
    @Override
    public boolean tryAcquire() {
        if (remote != null) {
            try {
                return remote.acquire(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (mutex.isHeldByCurrentThread()) {
            mutex.setHoldCount(mutex.holdCount() + 1);
            return true;
        }
        if (mutex.tryAcquire()) {
            mutex.setHoldCount(1);
            return true;
        }
        return false;
    }

    /**
     * Releases one level of the lock; the last release frees it.
     *
     * @throws IllegalMonitorStateException if this thread does not hold it
     */
    @Override
    public void release() {
        if (remote != null) {
            remote.release();
            return;
        }
        mutex.checkHeldByCurrentThread("release");
        int count = mutex.holdCount() - 1;
        mutex.setHoldCount(count);
        if (count <= 0) {
            mutex.setHoldCount(0);
            mutex.release();
        }
    }

    /**
     * Acquires the lock and returns a {@link Hold} that releases one level of it.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public Hold hold() throws InterruptedException {
        acquire();
        return this::release;
    }

    /**
     * How many times the calling thread holds the lock (0 if it does not).
     *
     * @return how many times the calling thread holds the lock (0 if it does not)
     */
    public int holdCount() {
        if (remote != null) {
            return remote.holdCount();
        }
        return mutex.isHeldByCurrentThread() ? mutex.holdCount() : 0;
    }

    /** A {@link Condition} bound to this lock. */
    @Override
    public Condition newCondition() {
        return new Condition(this);
    }
}
