package org.multiprocessing4j.internal.pool;

/**
 * A worker's insights as it counts them, in its own memory; published to the {@link WorkerBoard}
 * after each chunk. Chunks are timed always (three clock readings each); tasks one by one only
 * where that costs little: a clock reading is some 20 to 25 ns, more than a task of
 * {@code x -> x * x}, so the tasks of a job are timed (for the slowest tasks) while its tasks took
 * {@value #TIMED_TASK_NANOS} ns or more on average in the worker's last chunk of it (in its first
 * chunk, the first {@value #PROBE_TASKS} tasks are timed to find out), and in chunks with a time
 * limit.
 */
final class WorkerStats {
    /** The average task time of a job, at or above which its tasks are timed one by one. */
    static final long TIMED_TASK_NANOS = 2_000;

    long tasks;
    /** The job of the last chunk, and whether its tasks are timed one by one. */
    private long lastJob = -1;
    private boolean lastJobTimed;
    long chunks;
    long retried;
    long waitNanos;
    long serialNanos;
    long workNanos;
    /** The slowest tasks, slowest first; {@code slowNanos[i] == 0}: none. */
    final long[] slowNanos = new long[WorkerBoard.SLOWEST];
    final long[] slowJob = new long[WorkerBoard.SLOWEST];
    final int[] slowChunk = new int[WorkerBoard.SLOWEST];
    final int[] slowPosition = new int[WorkerBoard.SLOWEST];

    /** Tasks timed at the start of a job's first chunk, to learn whether its tasks are long enough to time. */
    static final int PROBE_TASKS = 16;

    /** Whether the tasks of a chunk of {@code job} are to be timed one by one (at first, {@link #probes} says). */
    boolean timesTasksOf(long job) {
        return job != lastJob || lastJobTimed;
    }

    /** Whether a chunk of {@code job} times only its first {@link #PROBE_TASKS} tasks unless they prove long. */
    boolean probes(long job) {
        return job != lastJob;
    }

    /** A chunk of {@code job} ran {@code n} tasks in {@code nanos}. */
    void chunkRan(long job, int n, long nanos) {
        tasks += n;
        lastJob = job;
        lastJobTimed = n == 0 || nanos / n >= TIMED_TASK_NANOS;
    }

    /** Notes that the task at {@code position} of chunk {@code chunk} of job {@code job} took {@code nanos}. */
    void task(long job, int chunk, int position, long nanos) {
        int last = WorkerBoard.SLOWEST - 1;
        if (nanos <= slowNanos[last]) {
            return; // the common case: not among the slowest
        }
        int i = last;
        while (i > 0 && slowNanos[i - 1] < nanos) {
            slowNanos[i] = slowNanos[i - 1];
            slowJob[i] = slowJob[i - 1];
            slowChunk[i] = slowChunk[i - 1];
            slowPosition[i] = slowPosition[i - 1];
            i--;
        }
        slowNanos[i] = nanos;
        slowJob[i] = job;
        slowChunk[i] = chunk;
        slowPosition[i] = position;
    }
}
