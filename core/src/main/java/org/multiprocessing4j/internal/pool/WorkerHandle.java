package org.multiprocessing4j.internal.pool;

/** A running pool worker, as the {@link PoolEngine} sees it: a child process or a thread. */
public interface WorkerHandle {
    /**
     * Whether it still runs.
     *
     * @return whether it still runs
     */
    boolean isAlive();

    /**
     * Its process id (this JVM's for a thread).
     *
     * @return its process id
     */
    long pid();

    /**
     * Its exit code; {@link Integer#MIN_VALUE} while unknown.
     *
     * @return its exit code, or {@link Integer#MIN_VALUE} while unknown
     */
    int exitCode();

    /** Stops it now (kill -9 for a process, an interrupt for a thread). */
    void kill();

    /**
     * Waits at most {@code millis} for it to end.
     *
     * @param millis the longest wait in milliseconds
     * @return whether it ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean join(long millis) throws InterruptedException;

    /**
     * The end of the worker's stderr, if it has one of its own (a child JVM); else empty.
     *
     * @return the end of its stderr, or ""
     * @throws InterruptedException if the calling thread is interrupted while reading it
     */
    default String stderrTail() throws InterruptedException {
        return "";
    }
}
