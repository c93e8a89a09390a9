package org.multiprocessing4j;

/**
 * A pool task failed because the worker running it died (killed, {@code System.exit},
 * {@code OutOfMemoryError}, a native crash): only the tasks that worker held fail, the worker is
 * replaced, and the pool goes on.
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
