package org.multiprocessing4j.internal.shm;

import java.lang.foreign.MemorySegment;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.Platforms;

/**
 * Sleeping on a shared 32-bit word and waking its sleepers, futex-style, on every system: the
 * Linux futex where it exists, else what the {@link Platform} in use offers (a native wait on
 * macOS, bounded polling elsewhere). The engines call only this class; see
 * {@link Platform}'s wait contract.
 *
 * <p>Waits always have a finite timeout, so a caller can check for dead peers between waits. A
 * native wait pins a virtual thread to its carrier, so blocking waits belong on platform threads.
 */
public final class Futex {
    /** A constant for the JIT: the call below is bound to one class and inlined. */
    private static final Platform PLATFORM = Platforms.CURRENT;

    private Futex() {}

    /**
     * Links the native calls and runs them once, on memory of this process: what spares and AOT
     * training runs do so that a first real wait is fast.
     */
    public static void warmUp() {
        PLATFORM.warmUp();
    }

    /**
     * Sleeps while the int at {@code segment[offset]} equals {@code expected}, at most
     * {@code timeoutNanos}; returns at once if the value differs. May return early (a signal, a
     * spurious wake-up): callers re-check their condition.
     */
    public static void await(MemorySegment segment, long offset, int expected, long timeoutNanos) {
        PLATFORM.await(segment, offset, expected, timeoutNanos);
    }

    /**
     * Wakes at most {@code count} waiters on the int at {@code segment[offset]}; returns how many
     * where the system says (0 where waiters poll).
     */
    public static int wake(MemorySegment segment, long offset, int count) {
        return PLATFORM.wake(segment, offset, count);
    }
}
