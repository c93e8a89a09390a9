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
    void set();

    void clear();

    boolean isSet();

    /** Waits at most {@code timeoutNanos} for the flag to be set; returns whether it is. */
    boolean await(long timeoutNanos) throws InterruptedException;

    /** A serializable reference that deserializes into this flag in any JVM of the context. */
    Serializable handle();
}
