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
    int get();

    void increment();

    /**
     * Decrements the count.
     *
     * @param what the call being made, for the error message
     * @throws IllegalStateException if the count is already zero
     */
    void decrement(String what);

    /** Waits at most {@code timeoutNanos} for the count to be zero; returns whether it was. */
    boolean awaitZero(long timeoutNanos) throws InterruptedException;

    /** A serializable reference that deserializes into this counter in any JVM of the context. */
    Serializable handle();
}
