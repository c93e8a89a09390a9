package org.multiprocessing4j.internal.pool;

import java.io.Serializable;

/**
 * What a pool sends a worker: a chunk of one job's tasks.
 *
 * @param jobId the job, unique in the pool
 * @param index the chunk's index in the job
 * @param mode how to apply the function (see {@link Mode})
 * @param function the serialized function, decoded once per job by each worker
 * @param args the packed arguments ({@link Packing}); ignored for {@link Mode#CALL}
 * @param claim the chunk's claim word in the pool's claim table (see {@code PoolEngine}), or -1
 * @param timeoutNanos each task's time limit, or 0 for none: the worker then notes each task's
 *     start on the {@link WorkerBoard}, which the pool reads to find a task past its deadline
 * @param skip positions in the chunk the worker does not run (they failed already: they ran past
 *     their deadline, or their workers died running them); empty for none
 */
public record TaskChunk(long jobId, int index, Mode mode, byte[] function, Object args, int claim,
        long timeoutNanos, int[] skip) implements Serializable {
    private static final int[] NONE = new int[0];

    /** A chunk not yet given a claim word, without a time limit. */
    public TaskChunk(long jobId, int index, Mode mode, byte[] function, Object args) {
        this(jobId, index, mode, function, args, -1, 0, NONE);
    }

    /** A chunk without a time limit. */
    public TaskChunk(long jobId, int index, Mode mode, byte[] function, Object args, int claim) {
        this(jobId, index, mode, function, args, claim, 0, NONE);
    }

    /** This chunk with claim word {@code claim}. */
    public TaskChunk withClaim(int claim) {
        return new TaskChunk(jobId, index, mode, function, args, claim, timeoutNanos, skip);
    }

    /** This chunk with each task limited to {@code nanos} (0: no limit). */
    public TaskChunk withTimeout(long nanos) {
        return new TaskChunk(jobId, index, mode, function, args, claim, nanos, skip);
    }

    /** This chunk with the positions {@code skip} not to be run. */
    public TaskChunk withSkip(int[] skip) {
        return new TaskChunk(jobId, index, mode, function, args, claim, timeoutNanos, skip.clone());
    }

    /** Whether the worker skips position {@code i}. */
    boolean skips(int i) {
        for (int s : skip) {
            if (s == i) {
                return true;
            }
        }
        return false;
    }

    /** How a chunk's function is applied. */
    public enum Mode {
        /** A {@code SerializableCallable}, once. */
        CALL,
        /** A {@code SerializableFunction} on each argument. */
        MAP,
        /** A {@code SerializableBiFunction} on each {@code Tuple2}. */
        STAR2,
        /** A {@code SerializableTriFunction} on each {@code Tuple3}. */
        STAR3
    }
}
