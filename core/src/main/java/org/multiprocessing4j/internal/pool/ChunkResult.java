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
 */
public record ChunkResult(long jobId, int index, Object values, RemoteFailure failure, int slot, boolean retiring)
        implements Serializable {}
