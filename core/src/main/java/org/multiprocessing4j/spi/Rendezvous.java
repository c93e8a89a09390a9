package org.multiprocessing4j.spi;

import java.io.Serializable;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/** A cyclic barrier of the context, as under {@link org.multiprocessing4j.Barrier}.
 *
 * <pre>{@code
 * Rendezvous r = backend.rendezvous(3, null, Long.MAX_VALUE);   // under new Barrier(3)
 * int index = r.await(Long.MAX_VALUE);
 * }</pre>
 */
public interface Rendezvous {
    /**
     * Waits at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit) for all parties;
     * the last to arrive runs the barrier's action first. A timeout, an interrupt or a failing
     * action breaks the barrier.
     *
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @return the arrival index, 0 for the first to arrive up to parties - 1 for the last (as
     *     {@link org.multiprocessing4j.Barrier} and CPython)
     * @throws BrokenBarrierException if the barrier is broken, breaks while waiting, or times out
     * @throws TimeoutException a backend may throw this instead on timeout (the barrier breaks as well)
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Breaks the barrier: waiters and later callers get {@link BrokenBarrierException}. */
    void abort();

    /** Returns the barrier to its initial state, breaking it for current waiters. */
    void reset();

    /**
     * Whether the barrier is broken.
     *
     * @return whether the barrier is broken
     */
    boolean isBroken();

    /**
     * The number of parties waiting now.
     *
     * @return the number of parties waiting now
     */
    int waiting();

    /**
     * The number of parties needed to pass.
     *
     * @return the number of parties a round needs
     */
    int parties();

    /**
     * A serializable reference that deserializes into this barrier in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this barrier in any JVM of the
     *     context
     */
    Serializable handle();
}
