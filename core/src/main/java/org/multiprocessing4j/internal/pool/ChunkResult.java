package org.multiprocessing4j.internal.pool;

import java.io.Serializable;

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
 */
public record ChunkResult(long jobId, int index, Object values, RemoteFailure failure, int slot, boolean retiring,
        int claim, boolean skipped) implements Serializable {

    /** A result of a chunk that ran. */
    public ChunkResult(long jobId, int index, Object values, RemoteFailure failure, int slot, boolean retiring) {
        this(jobId, index, values, failure, slot, retiring, -1, false);
    }

    /** This result with the claim word of its chunk. */
    public ChunkResult withClaim(int claim) {
        return new ChunkResult(jobId, index, values, failure, slot, retiring, claim, skipped);
    }

    /** The acknowledgement that a revoked chunk was skipped: its claim word may be reused. */
    public static ChunkResult skipped(long jobId, int index, int slot, int claim) {
        return new ChunkResult(jobId, index, null, null, slot, false, claim, true);
    }
}
