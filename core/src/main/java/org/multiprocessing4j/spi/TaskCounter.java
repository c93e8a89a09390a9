package org.multiprocessing4j.spi;

import java.io.Serializable;

/** A shared count of unfinished tasks, as under {@link org.multiprocessing4j.JoinableQueue}.
 *
 * <pre>{@code
 * TaskCounter unfinished = backend.taskCounter();  // under new JoinableQueue<>()
 * unfinished.increment();
 * unfinished.decrement("taskDone()");
 * unfinished.awaitZero(Long.MAX_VALUE);
 * }</pre>
 */
public interface TaskCounter {
    /**
     * The count now.
     *
     * @return the count now
     */
    int get();

    /** Adds one to the count. */
    void increment();

    /**
     * Decrements the count.
     *
     * @param what the call being made, for the error message
     * @throws IllegalStateException if the count is already zero
     */
    void decrement(String what);

    /**
     * Waits at most {@code timeoutNanos} for the count to be zero; returns whether it was.
     *
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @return whether the count was zero in time
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean awaitZero(long timeoutNanos) throws InterruptedException;

    /**
     * A serializable reference that deserializes into this counter in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this counter in any JVM of the
     *     context
     */
    Serializable handle();
}
