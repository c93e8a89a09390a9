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
 */
public record TaskChunk(long jobId, int index, Mode mode, byte[] function, Object args, int claim)
        implements Serializable {

    /** A chunk not yet given a claim word. */
    public TaskChunk(long jobId, int index, Mode mode, byte[] function, Object args) {
        this(jobId, index, mode, function, args, -1);
    }

    /** This chunk with claim word {@code claim}. */
    public TaskChunk withClaim(int claim) {
        return new TaskChunk(jobId, index, mode, function, args, claim);
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
