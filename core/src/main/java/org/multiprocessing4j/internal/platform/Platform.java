package org.multiprocessing4j.internal.platform;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * What the shared-memory engines need from the operating system, in one small interface: a folder
 * for named segments, a wait on a 32-bit word with a timeout and its wake-up, and process
 * identity (pid plus start time) and liveness. {@link Platforms#CURRENT} is the one in use, chosen
 * once at start-up.
 *
 * <table>
 *   <caption>The implementations</caption>
 *   <tr><th>{@link #name()}</th><th>selected on</th><th>segments</th><th>waits</th><th>identity</th></tr>
 *   <tr><td>{@code linux-futex}</td><td>Linux x86-64, aarch64</td><td>{@code /dev/shm}</td>
 *       <td>the futex system call (FFM)</td><td>{@code /proc/<pid>/stat}</td></tr>
 *   <tr><td>{@code macos}</td><td>macOS x86-64, arm64</td><td>a private per-user folder</td>
 *       <td>{@code os_sync_wait_on_address} (14.4+), else {@code __ulock_wait2}, else polling</td>
 *       <td>{@code ProcessHandle}</td></tr>
 *   <tr><td>{@code windows}</td><td>Windows</td><td>a private per-user folder</td>
 *       <td>bounded polling</td><td>{@code ProcessHandle}</td></tr>
 *   <tr><td>{@code portable}</td><td>anything else, or {@code -Dmp4j.platform=portable}</td>
 *       <td>a private per-user folder</td><td>bounded polling</td><td>{@code ProcessHandle}</td></tr>
 * </table>
 *
 * <h2>The wait contract</h2>
 * {@link #await} returns at the latest after its timeout, and at once if the word does not hold
 * the expected value; it may return early for any reason (a wake-up, a signal, a spurious
 * return), so callers re-check their condition after every return (see {@code FutexWait}). A
 * waker changes the word, then calls {@link #wake}: a waiter either sees the changed word or is
 * woken (native waits), or sees the word within its polling interval (polling waits, where
 * {@link #wake} does nothing). The word is in a segment mapped {@code MAP_SHARED} by every process
 * that waits on it or wakes it: waits and wakes work across processes.
 *
 * <h2>Identity</h2>
 * A process is its pid and a start time whose unit is the platform's ({@code /proc}'s clock ticks
 * since boot on Linux, epoch milliseconds from {@code ProcessHandle} elsewhere); a start time of 0
 * means "unknown", and then only the pid is compared. Every process of one program uses the same
 * platform (children inherit {@code -Dmp4j.platform}, see {@code JvmCommand}), so start times
 * written by one are compared by another in the same unit.
 *
 * <p>Speed: the engines call this through a {@code static final} field, so the JIT sees one
 * receiver and inlines the call; nothing here is called in a spin loop (the engines spin on
 * their own words and call {@link #await} only to sleep).
 */
public sealed interface Platform permits LinuxFutex, Portable {
    /** The name {@code Multiprocessing.platform()} reports: {@code linux-futex}, {@code macos}, {@code windows} or {@code portable}. */
    String name();

    /**
     * The folder named segments live in: {@code -Dmp4j.shm.dir} if set, else the platform's
     * default. Created (owner-only) if it does not exist, where the platform makes its own.
     *
     * @throws IllegalStateException if the folder cannot be made, or is not private to this user
     */
    Path segmentFolder();

    /**
     * Sleeps while the int at {@code memory[offset]} equals {@code expected}, at most
     * {@code timeoutNanos}; see the class comment.
     */
    void await(MemorySegment memory, long offset, int expected, long timeoutNanos);

    /**
     * Wakes at most {@code count} waiters on the int at {@code memory[offset]} ({@link
     * Integer#MAX_VALUE}: all); returns how many were woken where the system says, else 0.
     */
    int wake(MemorySegment memory, long offset, int count);

    /**
     * The {@code -D} options a child JVM needs, beyond the {@code mp4j.*} properties every child
     * inherits (see {@code JvmCommand}), to use the same layer on the same folder: the folder
     * itself where it is derived from this JVM's {@code java.io.tmpdir}, which children do not
     * inherit. Empty for {@code linux-futex}.
     *
     * @throws IllegalStateException as {@link #segmentFolder()}
     */
    List<String> childOptions();

    /** Links and runs the native calls once, so that a first real wait is fast (spare JVMs, AOT training). */
    void warmUp();

    /**
     * Gives the C heap's free pages back to the system ({@code malloc_trim(0)} where the C library
     * has it, glibc; nothing on the portable layer or elsewhere). An idle pool worker calls it
     * ({@code IdleTrim}): the JIT compilers' arenas and other JVM-internal allocations leave some
     * megabytes free but resident in glibc's per-thread arenas.
     *
     * @return whether memory was given back (false also where there is no such call)
     */
    boolean trimNativeHeap();

    /** The start time of process {@code pid}, or 0 if there is no such process. */
    long startTime(long pid);

    /**
     * Whether the process {@code pid} that started at {@code startTime} (0: unknown) still runs;
     * a process that cannot be inspected (another user's) counts as running.
     */
    boolean isAlive(long pid, long startTime);
}
