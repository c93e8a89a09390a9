package org.multiprocessing4j.internal.shm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The Linux futex, called through FFM: all native calls of the shared-memory layer are here.
 *
 * <p>Futexes are shared (no {@code FUTEX_PRIVATE_FLAG}): the word lives in a {@code MAP_SHARED}
 * file mapping and waiters and wakers are in different processes. Waits always have a finite
 * timeout, so a caller can check for dead peers between waits.
 *
 * <p>{@code syscall} is variadic; the handle is linked with the first variadic argument at index
 * 1 and {@code errno} captured. A downcall pins a virtual thread to its carrier, so blocking
 * waits belong on platform threads.
 */
public final class Futex {
    private static final long SYS_FUTEX = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64", "arm64" -> 98;
        default -> -1;
    };
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int ETIMEDOUT = 110;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL;

    /** Where the timespec starts in the scratch: after the captured state, 8-byte aligned. */
    private static final long TIMESPEC_OFFSET = (CAPTURE.byteSize() + 7) & ~7L;
    /** Per-thread native scratch: captured errno, then a {@code struct timespec}. */
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(
            () -> Arena.global().allocate(TIMESPEC_OFFSET + 16, 8));

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
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    private Futex() {}

    /** What {@link #await} observed. */
    public enum Outcome {
        /** Woken by {@link #wake} (or spuriously: callers re-check their condition). */
        WOKEN,
        /** The word did not hold the expected value: the state changed before sleeping. */
        CHANGED,
        /** The timeout elapsed. */
        TIMED_OUT,
        /** A signal interrupted the wait. */
        INTERRUPTED
    }

    /**
     * Sleeps while the int at {@code segment[offset]} equals {@code expected}, at most
     * {@code timeoutNanos}. Returns at once if the value differs.
     */
    public static Outcome await(MemorySegment segment, long offset, int expected, long timeoutNanos) {
        MemorySegment scratch = SCRATCH.get();
        MemorySegment timespec = scratch.asSlice(TIMESPEC_OFFSET, 16);
        long t = Math.max(0, timeoutNanos);
        timespec.set(JAVA_LONG, 0, t / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, t % 1_000_000_000L);
        long r;
        try {
            r = (long) SYSCALL.invokeExact(scratch, SYS_FUTEX, segment.asSlice(offset, 4), FUTEX_WAIT, expected,
                    timespec, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw new IllegalStateException("futex wait failed", e);
        }
        if (r == 0) {
            return Outcome.WOKEN;
        }
        int errno = (int) ERRNO.get(scratch, 0L);
        return switch (errno) {
            case EAGAIN -> Outcome.CHANGED;
            case ETIMEDOUT -> Outcome.TIMED_OUT;
            case EINTR -> Outcome.INTERRUPTED;
            default -> throw new IllegalStateException("futex(FUTEX_WAIT, offset=" + offset + ", expected="
                    + expected + ") failed: errno=" + errno);
        };
    }

    /** Wakes at most {@code count} waiters on the int at {@code segment[offset]}; returns how many. */
    public static int wake(MemorySegment segment, long offset, int count) {
        MemorySegment scratch = SCRATCH.get();
        long r;
        try {
            r = (long) SYSCALL.invokeExact(scratch, SYS_FUTEX, segment.asSlice(offset, 4), FUTEX_WAKE, count,
                    MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw new IllegalStateException("futex wake failed", e);
        }
        if (r < 0) {
            int errno = (int) ERRNO.get(scratch, 0L);
            throw new IllegalStateException("futex(FUTEX_WAKE, offset=" + offset + ", count=" + count
                    + ") failed: errno=" + errno);
        }
        return (int) r;
    }
}
