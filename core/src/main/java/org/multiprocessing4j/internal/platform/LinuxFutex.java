package org.multiprocessing4j.internal.platform;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Linux on x86-64 and aarch64: segments in {@code /dev/shm}, waits through the futex system call
 * (FFM, by number), identity from {@code /proc/<pid>/stat}.
 *
 * <p>Futexes are shared (no {@code FUTEX_PRIVATE_FLAG}): the word lives in a {@code MAP_SHARED}
 * file mapping and waiters and wakers are in different processes. {@code syscall} is variadic; the
 * handle is linked with the first variadic argument at index 1. A downcall pins a virtual thread
 * to its carrier, so blocking waits belong on platform threads.
 *
 * <p>Identity: the start time is field 22 of {@code /proc/<pid>/stat} (clock ticks since boot),
 * and a zombie (state {@code Z} or {@code X}) counts as dead, since {@code ProcessHandle.isAlive}
 * would count it alive until its parent reaps it.
 */
public final class LinuxFutex implements Platform {
    /** {@code FUTEX_WAIT}, {@code FUTEX_WAKE}: {@code <linux/futex.h>}. */
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final String UNREADABLE = new String("unreadable");

    /** Static, like the handle: a constant the JIT folds into the call. */
    private static final long SYS_FUTEX = syscallNumber(System.getProperty("os.arch"));
    /** Per-thread native scratch for a {@code struct timespec}. */
    private static final ThreadLocal<MemorySegment> TIMESPEC = ThreadLocal.withInitial(
            () -> Arena.global().allocate(16, 8));

    private final Path folder;

    /** Made by {@link Platforms} on Linux only. */
    LinuxFutex() {
        if (SYS_FUTEX < 0) {
            throw new IllegalStateException("the futex needs Linux on x86-64 or aarch64; this is os.arch="
                    + System.getProperty("os.arch") + " (-Dmp4j.platform=portable works everywhere)");
        }
        this.folder = Path.of(System.getProperty(Platforms.SHM_DIR_PROPERTY, "/dev/shm"));
    }

    /**
     * The number of the futex system call on {@code arch} ({@code os.arch}), or -1 where this
     * class does not know it: 202 on x86-64 ({@code arch/x86/entry/syscalls/syscall_64.tbl},
     * {@code __NR_futex}), 98 on aarch64 (the generic table, {@code include/uapi/asm-generic/unistd.h},
     * {@code __NR_futex 98}).
     */
    static long syscallNumber(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 202;
            case "aarch64", "arm64" -> 98;
            default -> -1;
        };
    }

    @Override
    public String name() {
        return "linux-futex";
    }

    @Override
    public Path segmentFolder() {
        return folder;
    }

    @Override
    public List<String> childOptions() {
        return List.of(); // the same folder in every process: /dev/shm, or the inherited mp4j.shm.dir
    }

    /**
     * The downcall handle, linked on first use (a static final: the JIT inlines a constant
     * handle). Linking costs tens of milliseconds in a cold JVM (without errno capture, which
     * would double that: callers re-check their condition after every return, so they need no
     * errno).
     */
    private static final class Linked {
        static final MethodHandle SYSCALL;

        static {
            Linker linker = Linker.nativeLinker();
            MemorySegment symbol = linker.defaultLookup().find("syscall").orElseThrow(
                    () -> new UnsupportedOperationException("libc has no syscall() symbol"));
            // long syscall(long number, ...), here futex(2): (number, uint32_t *uaddr, int futex_op,
            // uint32_t val, const struct timespec *timeout, uint32_t *uaddr2, uint32_t val3)
            SYSCALL = linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT,
                    JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(1));
        }
    }

    /**
     * {@code int malloc_trim(size_t pad)}, linked on first use, or null where libc has no such
     * symbol (musl) or it cannot be linked.
     */
    private static final class MallocTrim {
        static final MethodHandle HANDLE = link();

        private static MethodHandle link() {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("malloc_trim")
                        .map(s -> linker.downcallHandle(s, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)))
                        .orElse(null);
            } catch (RuntimeException e) {
                return null; // e.g. native access denied: trimming is only an optimisation
            }
        }
    }

    @Override
    public boolean trimNativeHeap() {
        MethodHandle trim = MallocTrim.HANDLE;
        if (trim == null) {
            return false;
        }
        try {
            return (int) trim.invokeExact(0L) != 0;
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public void warmUp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(4, 4);
            await(word, 0, 1, 0); // the word is 0: returns at once
            wake(word, 0, 1);
        }
    }

    @Override
    public void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
        MemorySegment ts = TIMESPEC.get();
        long t = Math.max(0, timeoutNanos);
        ts.set(JAVA_LONG, 0, t / 1_000_000_000L);
        ts.set(JAVA_LONG, 8, t % 1_000_000_000L);
        try {
            long ignored = (long) Linked.SYSCALL.invokeExact(SYS_FUTEX, memory.asSlice(offset, 4), FUTEX_WAIT, expected, ts,
                    MemorySegment.NULL, 0); // woken, timed out, signalled or changed: callers re-check
        } catch (Throwable e) {
            throw new IllegalStateException("futex wait failed", e);
        }
    }

    @Override
    public int wake(MemorySegment memory, long offset, int count) {
        try {
            return (int) (long) Linked.SYSCALL.invokeExact(SYS_FUTEX, memory.asSlice(offset, 4), FUTEX_WAKE, count,
                    MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw new IllegalStateException("futex wake failed", e);
        }
    }

    @Override
    public long startTime(long pid) {
        String stat = readStat(pid);
        return stat == null || stat == UNREADABLE ? 0 : parseStart(stat, stat.lastIndexOf(')'));
    }

    @Override
    public boolean isAlive(long pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        String stat = readStat(pid);
        if (stat == null) {
            return false;
        }
        if (stat == UNREADABLE) {
            return true; // exists, but not ours to inspect
        }
        int close = stat.lastIndexOf(')');
        char state = stat.charAt(close + 2);
        if (state == 'Z' || state == 'X') {
            return false;
        }
        return startTime == 0 || startTime == parseStart(stat, close);
    }

    private static long parseStart(String stat, int close) {
        // fields after the command: state(3) ppid(4) ... starttime(22): the 20th field after ')'
        String[] rest = stat.substring(close + 2).split(" ");
        return Long.parseLong(rest[19]);
    }

    private static String readStat(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
