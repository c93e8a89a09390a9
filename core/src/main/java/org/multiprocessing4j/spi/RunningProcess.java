package org.multiprocessing4j.spi;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A started process as its parent sees it. Exit codes follow CPython: 0 normal, 1 on an uncaught
 * exception, N for an explicit exit, -N when killed by signal N.
 *
 * <pre>{@code
 * RunningProcess child = backend.start(launch);
 * child.waitFor(null);
 * int code = child.exitCode().getAsInt();
 * }</pre>
 */
public interface RunningProcess {
    /**
     * The operating-system pid of the process, or of the JVM that runs it.
     *
     * @return the operating-system pid of the process, or of the JVM that runs it
     */
    long pid();

    /**
     * Whether the process still runs.
     *
     * @return whether the process has not ended yet
     */
    boolean isAlive();

    /**
     * Waits for the process to end, for at most {@code timeout} ({@code null}: without limit).
     *
     * @param timeout the longest wait; {@code null} waits without limit
     * @return whether it ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean waitFor(Duration timeout) throws InterruptedException;

    /**
     * The exit code once ended, else empty.
     *
     * @return the exit code once ended, else empty
     */
    OptionalInt exitCode();

    /** Asks the process to stop (SIGTERM locally). */
    void terminate();

    /** Stops the process at once (SIGKILL locally). */
    void kill();

    /** Releases what the parent holds for the ended process. */
    void release();

    /**
     * The end of the process's stderr (a few KiB), where the backend keeps it (a local child
     * JVM), for saying why a process died before it ran its task; the default is empty.
     *
     * @return the end of the process's stderr, or the empty string
     * @throws InterruptedException if the calling thread is interrupted while the output is read
     */
    default String stderrTail() throws InterruptedException {
        return "";
    }
}
