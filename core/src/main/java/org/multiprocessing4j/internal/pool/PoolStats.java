package org.multiprocessing4j.internal.pool;

import java.util.List;

/**
 * A pool's counters and its workers' insights, as the engine read them at one moment (see
 * {@code Pool.insights()}, which lays them out for users, and {@code PoolMXBean}).
 *
 * @param workers the last workers that are gone (at most {@code PoolEngine.HISTORY}), oldest
 *     first, then the current ones by slot
 * @param total the sums over every worker the pool had, listed or not (slot and pid -1, no slowest)
 * @param busy workers holding a chunk now
 * @param queuedChunks chunks waiting for a worker
 * @param completed tasks whose result came
 * @param failed tasks that failed (threw, timed out, were lost)
 * @param lost tasks that failed because their worker died
 * @param retried tasks run again: after their worker died, or after an exception the pool retries
 * @param timedOut tasks that ran past their deadline
 * @param slowest the slowest tasks of all workers, slowest first
 */
public record PoolStats(List<Worker> workers, Worker total, int busy, int queuedChunks, long completed, long failed, long lost,
        long retried, long timedOut, List<SlowTask> slowest) {

    /**
     * One worker's insights.
     *
     * @param slot its slot in the pool
     * @param pid its process id (this JVM's for a thread)
     * @param alive whether it is running now
     * @param startupNanos from the pool's start request to its first word (ready to take work); -1 if not yet ready
     * @param tasks tasks it ran
     * @param chunks chunks it ran
     * @param retried task exceptions it ran the task again for (the pool's retry predicate)
     * @param waitNanos time it waited for work
     * @param serialNanos time it spent decoding chunks and encoding results
     * @param workNanos time it spent running tasks
     * @param slowest its slowest tasks, slowest first
     */
    public record Worker(int slot, long pid, boolean alive, long startupNanos, long tasks, long chunks, long retried, long waitNanos,
            long serialNanos, long workNanos, List<SlowTask> slowest) {
        /** Nothing yet: the start of a sum. */
        static final Worker NONE = new Worker(-1, -1, false, -1, 0, 0, 0, 0, 0, 0, List.of());

        /** The sums of this and {@code w}'s counts and times (slot and pid -1, no slowest tasks). */
        Worker plus(Worker w) {
            return new Worker(-1, -1, false, -1, tasks + w.tasks, chunks + w.chunks, retried + w.retried,
                    waitNanos + w.waitNanos, serialNanos + w.serialNanos, workNanos + w.workNanos, List.of());
        }
    }

    /**
     * A slow task.
     *
     * @param nanos how long it ran
     * @param jobId its job
     * @param task its index in the job's input, or -1 if the job is gone and no longer knows it
     * @param pid the worker that ran it
     */
    public record SlowTask(long nanos, long jobId, long task, long pid) {}
}
