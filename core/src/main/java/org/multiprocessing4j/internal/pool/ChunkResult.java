package org.multiprocessing4j.internal.pool;

import java.io.Serializable;
import org.multiprocessing4j.internal.serial.RemoteFailure;

/**
 * What a worker sends back for a chunk: the packed results, or the failure that stopped it.
 *
 * @param jobId the job
 * @param index the chunk's index in the job
 * @param values the packed results ({@link Packing}), null on failure
 * @param failure the failure, null on success
 * @param slot the worker's slot in the pool
 * @param retiring whether the worker exits after this chunk (maxTasksPerChild reached)
 * @param claim the chunk's claim word, or -1
 * @param skipped whether the worker skipped the chunk because the pool revoked it (no values)
 * @param partial whether some of the values are {@link TaskFailure}s (tasks of the chunk that threw)
 * @param dying whether the worker is about to die of {@code failure} (an {@code OutOfMemoryError},
 *     say): not the chunk's result, but why the worker will be lost
 */
public record ChunkResult(long jobId, int index, Object values, RemoteFailure failure, int slot, boolean retiring,
        int claim, boolean skipped, boolean partial, boolean dying) implements Serializable {

    /** A result of a chunk that ran. */
    public ChunkResult(long jobId, int index, Object values, RemoteFailure failure, int slot, boolean retiring) {
        this(jobId, index, values, failure, slot, retiring, -1, false, false, false);
    }

    /** This result with the claim word of its chunk. */
    public ChunkResult withClaim(int claim) {
        return new ChunkResult(jobId, index, values, failure, slot, retiring, claim, skipped, partial, dying);
    }

    /** This result marked as holding {@link TaskFailure}s among its values. */
    public ChunkResult withPartial(boolean partial) {
        return new ChunkResult(jobId, index, values, failure, slot, retiring, claim, skipped, partial, dying);
    }

    /** The acknowledgement that a revoked chunk was skipped: its claim word may be reused. */
    public static ChunkResult skipped(long jobId, int index, int slot, int claim) {
        return new ChunkResult(jobId, index, null, null, slot, false, claim, true, false, false);
    }

    /**
     * The notice a worker sends once it runs its loop (after its initializer): a worker that dies
     * before sending it failed to start (see {@code PoolEngine}).
     */
    public static ChunkResult ready(int slot) {
        return skipped(-1, -1, slot, -1);
    }

    /** Whether this is a {@link #ready} notice. */
    public boolean isReady() {
        return skipped && jobId == -1;
    }

    /** The notice that the worker running this chunk dies of {@code failure}. */
    public static ChunkResult dying(long jobId, int index, int slot, int claim, RemoteFailure failure) {
        return new ChunkResult(jobId, index, null, failure, slot, false, claim, false, false, true);
    }

    /** The job id of an {@link #exit} message. */
    static final long EXIT_JOB = -2;

    /**
     * The message a worker sends as it exits normally, with its exit hook's packed result (or the
     * hook's failure); see {@code Pool.Builder.workerState}.
     */
    public static ChunkResult exit(int slot, Object values, RemoteFailure failure) {
        return new ChunkResult(EXIT_JOB, -1, values, failure, slot, false, -1, false, false, false);
    }

    /** Whether this is an {@link #exit} message. */
    public boolean isExit() {
        return jobId == EXIT_JOB;
    }
}
