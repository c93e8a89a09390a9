package org.multiprocessing4j.internal.platform;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait that needs no native call: re-reads the word {@link #SPINS} times with
 * {@link Thread#onSpinWait()}, then with pauses ({@code LockSupport.parkNanos}) that double from
 * {@link #MIN_PAUSE_NANOS} to {@link #MAX_PAUSE_NANOS}, until it changes, the timeout passes or
 * the thread is interrupted (the flag is left set for the caller). Its wake-up is a no-op: a
 * waiter sees a changed word within one pause.
 *
 * <p>The trade-off, in the cap: a sleeping waiter is woken at most {@link #MAX_PAUSE_NANOS} late
 * (the futex: tens of microseconds), and an idle waiter costs about a thousand short parks a
 * second (measured here: see the README's "Platforms" section). A smaller cap lowers the latency
 * and raises the idle cost in proportion. The engines spin (and yield) for about 20 us before they
 * sleep ({@code WaitPolicy}), so a hand-off between busy processes rarely gets here; what does is
 * a waiter idle for longer than that, which then pays 20 us to 1 ms for its wake-up.
 */
final class PollingWait {
    /** Re-reads before the first pause: cheap, and catches a change that is already on its way. */
    static final int SPINS = 64;
    /** The first pause: about what a park costs on Linux (its timer slack is 50 us). */
    static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** The longest pause: the worst wake-up latency of a sleeping waiter. */
    static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private PollingWait() {}

    /** Waits while the int at {@code memory[offset]} equals {@code expected}, at most {@code timeoutNanos}. */
    static void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
        if ((int) INT.getVolatile(memory, offset) != expected || timeoutNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if ((int) INT.getVolatile(memory, offset) != expected) {
                return;
            }
        }
        long pause = MIN_PAUSE_NANOS;
        do {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, pause));
            pause = Math.min(pause << 1, MAX_PAUSE_NANOS);
        } while ((int) INT.getVolatile(memory, offset) == expected);
    }
}
