package org.multiprocessing4j.internal.platform;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait that needs no native call: re-reads the word {@link #SPINS} times with
 * {@link Thread#onSpinWait()}, then for {@link #YIELD_NANOS} with {@link Thread#yield()}, then
 * with pauses ({@code LockSupport.parkNanos}) that double from {@link #MIN_PAUSE_NANOS} to
 * {@link #MAX_PAUSE_NANOS}, until it changes, the timeout passes or the thread is interrupted (the
 * flag is left set for the caller). Its wake-up is a no-op: a waiter sees a changed word within one
 * pause.
 *
 * <p>The trade-off is in the cap. A waiter asleep for longer than the first phases is woken up to
 * {@link #MAX_PAUSE_NANOS} late (the futex: tens of microseconds), and an idle waiter wakes about a
 * thousand times a second: measured here, an idle {@code Pool(2)} worker used 1.6 to 2.1% of a core
 * on this layer against 0.2 to 0.3% on the futex (see the README's "Platforms"). A smaller cap
 * lowers the latency and raises the idle cost in proportion. The engines spin (and yield) for about
 * 20 us before they call this ({@code WaitPolicy}), and the yield phase here covers the next 50 us,
 * so a hand-off between busy processes never reaches the pauses.
 */
final class PollingWait {
    /** Re-reads before the first pause: cheap, and catches a change that is already on its way. */
    static final int SPINS = 64;
    /**
     * Then {@link Thread#yield()} and re-read for this long, before the first pause: a park on Linux
     * sleeps at least its timer slack (50 us) whatever it asks for, so without this phase a waiter
     * woken by a change 10 us away is 60 us late. Measured (portable, 2 cores, alternating, 2 rounds):
     * {@code pool2_apply_roundtrip} 135 to 141 us without it, 32 to 59 us with 50 us, 40 to 50 us
     * with 100 us; {@code pool2_imap_chunksize1_50k} 161 to 165 k/s, 277 to 317 k/s, 256 to 308 k/s;
     * an idle Pool(2) worker's CPU unchanged (180 to 210 ms over 10 s: the phase runs once per
     * wait, and a waiter's waits are 200 ms slices). A yield gives the core to any runnable thread.
     */
    static final long YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
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
        long yieldUntil = System.nanoTime() + Math.min(YIELD_NANOS, timeoutNanos);
        while (System.nanoTime() - yieldUntil < 0) {
            Thread.yield();
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
