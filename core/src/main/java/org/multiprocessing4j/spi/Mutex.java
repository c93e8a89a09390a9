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
     * @return whether it was acquired
     */
    boolean acquire(long timeoutNanos) throws InterruptedException;

    /**
     * Releases one hold.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void release();

    boolean isLocked();

    boolean isHeldByCurrentThread();

    /** Holds of the calling thread (0 or 1 for a non-reentrant lock). */
    int holdCount();

    /** A short name for messages. */
    String name();

    /** A serializable reference that deserializes into this lock in any JVM of the context. */
    Serializable handle();
}
