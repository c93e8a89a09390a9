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
     */
    boolean acquire(long timeoutNanos) throws InterruptedException;

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
