package org.multiprocessing4j.spi;

import java.io.Serializable;

/** A flag processes wait for, as under {@link org.multiprocessing4j.Event}.
 *
 * <pre>{@code
 * Flag flag = backend.flag();                     // under new Event()
 * flag.set();
 * boolean set = flag.await(1_000_000_000L);       // true at once
 * }</pre>
 */
public interface Flag {
    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag; later waiters wait again. */
    void clear();

    /**
     * Whether the flag is set now.
     *
     * @return whether the flag is set
     */
    boolean isSet();

    /**
     * Waits at most {@code timeoutNanos} for the flag to be set; returns whether it is.
     *
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @return whether the flag is set
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean await(long timeoutNanos) throws InterruptedException;

    /**
     * A serializable reference that deserializes into this flag in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this flag in any JVM of the context
     */
    Serializable handle();
}
