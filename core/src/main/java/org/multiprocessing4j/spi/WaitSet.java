package org.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * The waiters of a {@link org.multiprocessing4j.Condition} of the context. Wake-ups are exact:
 * {@code signal(n)} wakes min(n, waiting) waiters, and {@code await} does not return spuriously.
 *
 * <pre>{@code
 * WaitSet waiters = backend.waitSet(m);           // under new Condition(lock), m its Mutex
 * // holding lock's Mutex m:
 * boolean signalled = waiters.await(m, Long.MAX_VALUE);
 * // elsewhere, holding m: waiters.signal(m, 1);
 * }</pre>
 */
public interface WaitSet {
    /**
     * Releases every hold of {@code lock} (which the caller holds), waits at most {@code
     * timeoutNanos} for a signal, then takes the holds back, also on timeout or interrupt.
     *
     * @param lock the lock the caller holds; every hold of it is released while waiting and taken
     *     again before returning
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @return whether a signal woke it (false: timeout)
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code lock}
     */
    boolean await(Mutex lock, long timeoutNanos) throws InterruptedException;

    /**
     * Wakes up to {@code n} waiters; the caller holds {@code lock}, as for {@link #await}.
     *
     * @param lock the lock the caller holds
     * @param n the most waiters to wake, 0 or more
     * @throws IllegalMonitorStateException if the calling thread does not hold {@code lock}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    void signal(Mutex lock, int n);

    /**
     * Waiters not yet signalled (approximate while others wait or signal).
     *
     * @return the number of waiters not yet signalled
     */
    int waiting();

    /**
     * A serializable reference that deserializes into this wait set in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this wait set in any JVM of the
     *     context
     */
    Serializable handle();
}
