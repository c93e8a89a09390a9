package org.multiprocessing4j.internal.sync;

import java.util.concurrent.TimeUnit;

/**
 * How the shared-memory primitives wait: spin briefly (a cross-process hand-off within the spin
 * costs under a microsecond, a futex sleep and wake-up tens of microseconds), then sleep on the
 * futex in slices of {@link #SLICE_NANOS}, checking between slices for interrupts, deadlines and
 * dead peers. All the constants are here.
 */
public final class WaitPolicy {
    /** Busy-spin iterations before sleeping, for waits that are usually short (locks, semaphores). */
    public static final int SPINS = 200;
    /**
     * How long a barrier or other hand-off waiter spins (then yields) before sleeping: a round trip
     * through the futex costs tens of microseconds, a phase of a spinning barrier a few. Measured
     * on 2 cores: 50 us made a pool's result thread take a core from its workers (imap with
     * chunksize 1: 57 k/s); 10 us slowed hand-offs (apply 49 us); 20 us, with the pool's result
     * thread not spinning at all, gave 83 k/s and 24 us.
     */
    public static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** How long a lock waiter spins before sleeping on the futex. */
    public static final long LOCK_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** {@link Thread#yield()} calls after spinning and before sleeping. */
    public static final int YIELDS = 20;
    /**
     * The longest single futex sleep: bounds how late an interrupt is noticed (deadlines are
     * exact: the last slice is cut to the deadline). Each wake-up of an idle waiter costs a little
     * CPU; at 5 a second an idle waiter stays near the JVM's own idle cost (measured: 0.2% of a
     * core for the JVM, about 0.1% more for the waiter).
     */
    public static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How often a waiter checks whether the process it waits on died. */
    public static final long PEER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    private WaitPolicy() {}

    /** Converts a timeout into a deadline on {@link System#nanoTime()}; negative timeouts mean "now". */
    public static long deadline(long timeoutNanos) {
        long now = System.nanoTime();
        long t = Math.max(0, timeoutNanos);
        return t > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + t;
    }

    /** Nanoseconds left before {@code deadline} (0 if passed). */
    public static long remaining(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, deadline - System.nanoTime());
    }

    /** The length of the next futex sleep. */
    public static long slice(long deadline) {
        return Math.min(SLICE_NANOS, remaining(deadline));
    }
}
