package org.multiprocessing4j;

/**
 * A pool task failed because the worker running it died (killed, {@code System.exit},
 * {@code OutOfMemoryError}, a native crash): only the tasks that worker held fail, the worker is
 * replaced, and the pool goes on.
 *
 * <p>The message says why where that can be known: a worker that ran out of heap or stack
 * reports the {@code OutOfMemoryError} (with its heap limit) before it dies, and it is then also
 * the {@linkplain #getCause() cause}; a death by a signal names it (SIGKILL, SIGSEGV, ...) and says
 * whether the kernel's OOM killer sent it, when the cgroup's {@code memory.events} can be read.
 * A chunk that was held by 3 workers that all died is not sent again: its job fails with this
 * exception. Workers that die before they run their loop (a bad JVM option, a class-path error)
 * 3 times in a row (in the pool, or in one worker's place while the others run) fail the pool's
 * pending and later work with this exception, whose message carries the last one's stderr.
 *
 * <pre>{@code
 * try {
 *     pool.apply(() -> crashy());
 * } catch (WorkerLostException e) {
 *     System.out.println("worker pid=" + e.pid() + " exit code=" + e.exitCode());
 * }
 * }</pre>
 */
public final class WorkerLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The dead worker's pid. */
    private final long pid;
    /** The dead worker's exit code. */
    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param pid the dead worker's pid
     * @param exitCode its exit code, in CPython's convention (-9 for SIGKILL)
     * @param tasks how many tasks it held when it died
     */
    public WorkerLostException(long pid, int exitCode, int tasks) {
        super("pool worker pid=" + pid + " died with exit code=" + exitCode + " while running " + tasks
                + " task(s)");
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** A worker lost for the reason {@code message} says; {@code cause} is what it died of, if known. */
    WorkerLostException(String message, long pid, int exitCode, Throwable cause) {
        super(message, cause);
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /**
     * The same exception, as a new object: each caller gets its own, since the pool gives the one
     * it throws that caller's stack.
     */
    WorkerLostException copy() {
        return new WorkerLostException(getMessage(), pid, exitCode, getCause());
    }

    /**
     * The dead worker's pid.
     *
     * @return the dead worker's pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The dead worker's exit code, CPython's convention (-9 for SIGKILL).
     *
     * @return the dead worker's exit code, CPython's convention (-9 for SIGKILL)
     */
    public int exitCode() {
        return exitCode;
    }
}
