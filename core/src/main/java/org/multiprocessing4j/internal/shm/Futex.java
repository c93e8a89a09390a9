package org.multiprocessing4j.internal.shm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The Linux futex, called through FFM: all native calls of the shared-memory layer are here.
 *
 * <p>Futexes are shared (no {@code FUTEX_PRIVATE_FLAG}): the word lives in a {@code MAP_SHARED}
 * file mapping and waiters and wakers are in different processes. Waits always have a finite
 * timeout, so a caller can check for dead peers between waits.
 *
 * <p>{@code syscall} is variadic; the handle is linked with the first variadic argument at index
 * 1. A downcall pins a virtual thread to its carrier, so blocking waits belong on platform
 * threads.
 */
public final class Futex {
    private static final long SYS_FUTEX = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64", "arm64" -> 98;
        default -> -1;
    };
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    /** Per-thread native scratch for a {@code struct timespec}. */
    private static final ThreadLocal<MemorySegment> TIMESPEC = ThreadLocal.withInitial(
            () -> Arena.global().allocate(16, 8));

    private Futex() {}

    /**
     * The downcall handle, linked on first use. Linking costs tens of milliseconds in a cold JVM
     * (without errno capture, which would double that: callers re-check their condition after
     * every return, so they need no errno).
     */
    private static final class Linked {
        static final MethodHandle SYSCALL;

        static {
            if (SYS_FUTEX < 0 || !System.getProperty("os.name").toLowerCase().contains("linux")) {
                throw new UnsupportedOperationException("shared-memory synchronization needs Linux on x86_64 or"
                        + " aarch64; this is os.name=" + System.getProperty("os.name") + " os.arch="
                        + System.getProperty("os.arch"));
            }
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MemorySegment syscall = libc.find("syscall").orElseThrow(
                    () -> new UnsupportedOperationException("libc has no syscall() symbol"));
            // long syscall(long number, void* addr, int op, int val, const struct timespec* timeout, int* addr2, int val3)
            SYSCALL = linker.downcallHandle(syscall,
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
                    Linker.Option.firstVariadicArg(1));
        }
    }

    /**
     * Links the downcall and runs it once (a wait that returns at once, and a wake), on memory of
     * this process: what spares and AOT training runs do so that a first real wait is fast.
     */
    public static void warmUp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(4, 4);
            await(word, 0, 1, 0); // the word is 0: returns at once
            wake(word, 0, 1);
        }
    }

    /**
     * Sleeps while the int at {@code segment[offset]} equals {@code expected}, at most
     * {@code timeoutNanos}; returns at once if the value differs. May return early (a signal, a
     * spurious wake-up): callers re-check their condition.
     */
    public static void await(MemorySegment segment, long offset, int expected, long timeoutNanos) {
        MemorySegment timespec = TIMESPEC.get();
        long t = Math.max(0, timeoutNanos);
        timespec.set(JAVA_LONG, 0, t / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, t % 1_000_000_000L);
        try {
            long ignored = (long) Linked.SYSCALL.invokeExact(SYS_FUTEX, segment.asSlice(offset, 4), FUTEX_WAIT, expected,
                    timespec, MemorySegment.NULL, 0); // woken, timed out, signalled or changed: callers re-check
        } catch (Throwable e) {
            throw new IllegalStateException("futex wait failed", e);
        }
    }

    /**
     * Wakes at most {@code count} waiters on the int at {@code segment[offset]}; returns how many,
     * or -1 if the call failed.
     */
    public static int wake(MemorySegment segment, long offset, int count) {
        try {
            return (int) (long) Linked.SYSCALL.invokeExact(SYS_FUTEX, segment.asSlice(offset, 4), FUTEX_WAKE, count,
                    MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw new IllegalStateException("futex wake failed", e);
        }
    }
}
