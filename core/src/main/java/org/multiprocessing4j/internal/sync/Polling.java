package org.multiprocessing4j.internal.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * Waiting for a condition that offers no blocking wait (state in another context, such as a
 * cluster map entry or queue): checks it with pauses that double from a minimum to a maximum.
 *
 * <pre>{@code
 * boolean done = Polling.await(() -> counter.get() == 0, timeoutNanos);
 * }</pre>
 */
public final class Polling {
    /** The default pauses: 1 ms doubling to {@value #MAX_PAUSE_MILLIS} ms. */
    public static final long MIN_PAUSE_MILLIS = 1;
    public static final long MAX_PAUSE_MILLIS = 20;

    /** A condition to check; may block briefly or be interrupted. */
    @FunctionalInterface
    public interface Check {
        boolean done() throws InterruptedException;
    }

    private Polling() {}

    /**
     * Waits at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit) for {@code done},
     * with the default pauses. Checks once even when the timeout is zero.
     *
     * @return whether it became true
     */
    public static boolean await(Check done, long timeoutNanos) throws InterruptedException {
        return await(done, timeoutNanos, MIN_PAUSE_MILLIS * 1_000_000, MAX_PAUSE_MILLIS * 1_000_000);
    }

    /** As {@link #await(Check, long)}, with pauses from {@code minPauseNanos} doubling to {@code maxPauseNanos}. */
    public static boolean await(Check done, long timeoutNanos, long minPauseNanos, long maxPauseNanos)
            throws InterruptedException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeoutNanos);
        long pause = minPauseNanos;
        while (true) {
            if (done.done()) {
                return true;
            }
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, pause));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            pause = Math.min(pause * 2, maxPauseNanos);
        }
    }
}
