package org.multiprocessing4j.internal.platform;

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
 * macOS (x86-64 and arm64): segments and identity as {@link Portable} (memory-mapped files in the
 * per-user {@code $TMPDIR}, {@code ProcessHandle}, which the JDK answers with
 * {@code sysctl(CTL_KERN, KERN_PROC, KERN_PROC_PID)}), and a native wait on the shared word:
 * <ol>
 *   <li>{@code os_sync_wait_on_address_with_timeout} with {@code OS_SYNC_WAIT_ON_ADDRESS_SHARED},
 *       woken by {@code os_sync_wake_by_address_any/all} with {@code OS_SYNC_WAKE_BY_ADDRESS_SHARED}:
 *       public API since macOS 14.4;
 *   <li>before 14.4, {@code __ulock_wait2} / {@code __ulock_wake} with
 *       {@code UL_COMPARE_AND_WAIT_SHARED} (macOS 11+; the kernel call under the public one);
 *   <li>if neither symbol exists, {@link PollingWait}.
 * </ol>
 * Which one is found once, when the first wait links. Errors are not captured (no errno): a wait
 * that returns for any reason, {@code ETIMEDOUT}, {@code EINTR}, a changed word, is re-checked by
 * the caller, and a wake that finds nobody ({@code ENOENT}) is not an error.
 *
 * <h2>The native signatures (LP64: {@code size_t} and {@code uint64_t} are {@code JAVA_LONG})</h2>
 * From {@code <os/os_sync_wait_on_address.h>} (macOS 14.4 SDK) and {@code <os/clock.h>}:
 * <pre>
 * int os_sync_wait_on_address_with_timeout(void *addr, uint64_t value, size_t size,
 *         os_sync_wait_on_address_flags_t flags, os_clockid_t clockid, uint64_t timeout_ns);
 * int os_sync_wake_by_address_any(void *addr, size_t size, os_sync_wake_by_address_flags_t flags);
 * int os_sync_wake_by_address_all(void *addr, size_t size, os_sync_wake_by_address_flags_t flags);
 * OS_SYNC_WAIT_ON_ADDRESS_SHARED = 0x00000001, OS_SYNC_WAKE_BY_ADDRESS_SHARED = 0x00000001,
 * OS_CLOCK_MACH_ABSOLUTE_TIME = 32   (the flag and clock types are uint32_t enums)
 * </pre>
 * {@code timeout_ns} is relative, in nanoseconds; {@code size} is 4 for a 32-bit word, whose value
 * is compared with the low 32 bits of {@code value}.
 * From xnu's {@code bsd/sys/ulock.h} (not in the SDK; the symbols are exported by
 * {@code libsystem_kernel}):
 * <pre>
 * int __ulock_wait2(uint32_t operation, void *addr, uint64_t value, uint64_t timeout, uint64_t value2);
 * int __ulock_wake(uint32_t operation, void *addr, uint64_t wake_value);
 * UL_COMPARE_AND_WAIT_SHARED = 3, ULF_WAKE_ALL = 0x00000100, ULF_NO_ERRNO = 0x01000000
 * </pre>
 * {@code __ulock_wait2}'s timeout is in nanoseconds and 0 means "forever", so a zero timeout
 * never reaches it. This class is compiled on Linux and selected only on macOS; nothing of it is
 * tested on macOS yet.
 */
final class MacOs extends Portable {
    private static final int OS_SYNC_WAIT_ON_ADDRESS_SHARED = 0x1;
    private static final int OS_SYNC_WAKE_BY_ADDRESS_SHARED = 0x1;
    private static final int OS_CLOCK_MACH_ABSOLUTE_TIME = 32;
    private static final int UL_COMPARE_AND_WAIT_SHARED = 3;
    private static final int ULF_WAKE_ALL = 0x100;
    private static final int ULF_NO_ERRNO = 0x01000000;
    private static final long WORD_SIZE = 4;

    /** Which wait was found, and its handles (static finals: constants the JIT inlines). */
    private static final class Linked {
        static final int OS_SYNC = 1;
        static final int ULOCK = 2;
        static final int POLLING = 3;
        static final int KIND;
        static final MethodHandle WAIT;
        static final MethodHandle WAKE_ONE;
        static final MethodHandle WAKE_ALL;

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            var osWait = libc.find("os_sync_wait_on_address_with_timeout");
            var osWakeAny = libc.find("os_sync_wake_by_address_any");
            var osWakeAll = libc.find("os_sync_wake_by_address_all");
            var ulWait = libc.find("__ulock_wait2");
            var ulWake = libc.find("__ulock_wake");
            if (osWait.isPresent() && osWakeAny.isPresent() && osWakeAll.isPresent()) {
                KIND = OS_SYNC;
                WAIT = linker.downcallHandle(osWait.get(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG));
                FunctionDescriptor wake = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
                WAKE_ONE = linker.downcallHandle(osWakeAny.get(), wake);
                WAKE_ALL = linker.downcallHandle(osWakeAll.get(), wake);
            } else if (ulWait.isPresent() && ulWake.isPresent()) {
                KIND = ULOCK;
                WAIT = linker.downcallHandle(ulWait.get(),
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG));
                WAKE_ONE = linker.downcallHandle(ulWake.get(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
                WAKE_ALL = WAKE_ONE; // the same call, with ULF_WAKE_ALL
            } else {
                KIND = POLLING;
                WAIT = null;
                WAKE_ONE = null;
                WAKE_ALL = null;
            }
        }
    }

    @Override
    public String name() {
        return "macos";
    }

    @Override
    public void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return; // 0 is "forever" to __ulock_wait2; a wait of nothing is a return
        }
        long value = Integer.toUnsignedLong(expected);
        MemorySegment word = memory.asSlice(offset, WORD_SIZE);
        try {
            int ignored = switch (Linked.KIND) { // woken, timed out, interrupted or changed: callers re-check
                case Linked.OS_SYNC -> (int) Linked.WAIT.invokeExact(word, value, WORD_SIZE,
                        OS_SYNC_WAIT_ON_ADDRESS_SHARED, OS_CLOCK_MACH_ABSOLUTE_TIME, timeoutNanos);
                case Linked.ULOCK -> (int) Linked.WAIT.invokeExact(UL_COMPARE_AND_WAIT_SHARED | ULF_NO_ERRNO, word,
                        value, timeoutNanos, 0L);
                default -> {
                    PollingWait.await(memory, offset, expected, timeoutNanos);
                    yield 0;
                }
            };
        } catch (Throwable e) {
            throw new IllegalStateException("wait on address failed (macOS, kind=" + Linked.KIND + ")", e);
        }
    }

    @Override
    public int wake(MemorySegment memory, long offset, int count) {
        MemorySegment word = memory.asSlice(offset, WORD_SIZE);
        boolean all = count > 1; // no "wake n": waking more is safe, callers re-check
        try {
            int r = switch (Linked.KIND) {
                case Linked.OS_SYNC -> all
                        ? (int) Linked.WAKE_ALL.invokeExact(word, WORD_SIZE, OS_SYNC_WAKE_BY_ADDRESS_SHARED)
                        : (int) Linked.WAKE_ONE.invokeExact(word, WORD_SIZE, OS_SYNC_WAKE_BY_ADDRESS_SHARED);
                case Linked.ULOCK -> (int) Linked.WAKE_ONE.invokeExact(
                        UL_COMPARE_AND_WAIT_SHARED | ULF_NO_ERRNO | (all ? ULF_WAKE_ALL : 0), word, 0L);
                default -> -1;
            };
            return r == 0 ? 1 : 0; // 0: someone was woken (how many is not said); else nobody waited
        } catch (Throwable e) {
            throw new IllegalStateException("wake by address failed (macOS, kind=" + Linked.KIND + ")", e);
        }
    }

    @Override
    public void warmUp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(4, 4);
            await(word, 0, 1, 1); // the word is 0: returns at once
            wake(word, 0, 1);
        }
    }
}
