package org.multiprocessing4j.spi;

import java.io.Serializable;

/** A counting semaphore of the context, as under {@link org.multiprocessing4j.Semaphore}.
 *
 * <pre>{@code
 * Permits p = backend.permits(2, Integer.MAX_VALUE);   // under new Semaphore(2)
 * p.acquire(Long.MAX_VALUE);
 * p.release();
 * }</pre>
 */
public interface Permits {
    /**
     * Waits at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit) for a permit.
     *
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @return whether a permit was taken in time
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean acquire(long timeoutNanos) throws InterruptedException;

    /**
     * Takes a permit if one is free, without waiting and without throwing; by default {@code
     * acquire(0)}.
     *
     * @return whether a permit was taken
     */
    default boolean tryAcquire() {
        try {
            return acquire(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Returns a permit.
     *
     * @throws IllegalStateException if that would pass the bound it was made with
     */
    void release();

    /**
     * The most permits it may hold (a {@link org.multiprocessing4j.BoundedSemaphore}'s bound), or -1 for no bound.
     *
     * @return the most permits it may hold (a {@link org.multiprocessing4j.BoundedSemaphore}'s
     *     bound), or -1 for no bound
     */
    int bound();

    /**
     * Permits available now.
     *
     * @return permits available now
     */
    int value();

    /**
     * A short name for messages.
     *
     * @return a short name for messages
     */
    String name();

    /**
     * A serializable reference that deserializes into these permits in any JVM of the context.
     *
     * @return a serializable reference that deserializes into these permits in any JVM of the
     *     context
     */
    Serializable handle();
}
