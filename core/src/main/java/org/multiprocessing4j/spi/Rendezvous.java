package org.multiprocessing4j.spi;

import java.io.Serializable;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/** A cyclic barrier of the context, as under {@link org.multiprocessing4j.Barrier}. */
public interface Rendezvous {
    /**
     * Waits at most {@code timeoutNanos} for all parties; the last to arrive runs the barrier's
     * action first. On timeout the barrier breaks.
     *
     * @return the arrival index, parties - 1 for the first to arrive down to 0 for the last
     */
    int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Breaks the barrier: waiters and later callers get {@link BrokenBarrierException}. */
    void abort();

    /** Returns the barrier to its initial state, breaking it for current waiters. */
    void reset();

    boolean isBroken();

    int waiting();

    int parties();

    /** A serializable reference that deserializes into this barrier in any JVM of the context. */
    Serializable handle();
}
