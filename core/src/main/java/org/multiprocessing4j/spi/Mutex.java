package org.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * A lock owned by a thread of a process of the context, as under {@link
 * org.multiprocessing4j.Lock} and {@link org.multiprocessing4j.RLock}.
 *
 * <pre>{@code
 * Mutex m = backend.mutex(false);                 // under new Lock()
 * if (m.acquire(1_000_000_000L)) {
 *     try { ... } finally { m.release(); }
 * }
 * }</pre>
 */
public interface Mutex {
    /**
     * Waits at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit) for the lock.
     *
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @return whether it was acquired
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the lock is not reentrant and the calling thread holds it
     */
    boolean acquire(long timeoutNanos) throws InterruptedException;

    /**
     * Acquires the lock if it is free (for a reentrant lock also if the caller holds it), without
     * waiting and without throwing; by default {@code acquire(0)}.
     *
     * @return whether the calling thread now holds the lock (one more hold, if reentrant)
     */
    default boolean tryAcquire() {
        try {
            return acquire(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalStateException e) {
            return false; // a non-reentrant lock this thread holds already
        }
    }

    /**
     * Releases one hold.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void release();

    /**
     * Whether some thread of some process holds the lock.
     *
     * @return whether the lock is held
     */
    boolean isLocked();

    /**
     * Whether the calling thread holds the lock.
     *
     * @return whether the calling thread holds the lock
     */
    boolean isHeldByCurrentThread();

    /**
     * Holds of the calling thread (0 or 1 for a non-reentrant lock).
     *
     * @return holds of the calling thread (0 or 1 for a non-reentrant lock)
     */
    int holdCount();

    /**
     * Whether the lock was last taken over from an owner process that died holding it (a robust
     * mutex, as the local context's); backends that cannot tell return {@code false}.
     *
     * @return whether the last acquire recovered the lock from a dead owner
     */
    default boolean isRecovered() {
        return false;
    }

    /**
     * The pid of the last owner that died holding the lock, or 0 (always 0 where {@link
     * #isRecovered()} cannot tell).
     *
     * @return the pid of the last owner that died holding the lock, or 0
     */
    default long diedOwnerPid() {
        return 0;
    }

    /**
     * A short name for messages.
     *
     * @return a short name for messages
     */
    String name();

    /**
     * A serializable reference that deserializes into this lock in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this lock in any JVM of the context
     */
    Serializable handle();
}
