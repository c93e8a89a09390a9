package org.multiprocessing4j.internal.pool;

/** A chunk's identity across its trips to workers: its job and its index in the job. */
record ChunkKey(long job, int index) {
    static ChunkKey of(TaskChunk c) {
        return new ChunkKey(c.jobId(), c.index());
    }
}
