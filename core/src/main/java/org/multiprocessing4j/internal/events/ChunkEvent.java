package org.multiprocessing4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A chunk of a pool's tasks, run in a worker: its duration is the running of its tasks (not
 * decoding the chunk nor encoding its result). One event per chunk; the tasks that take long have
 * a {@link TaskEvent} each too.
 *
 * <pre>{@code
 * ChunkEvent e = new ChunkEvent();
 * e.begin();
 * run(chunk);
 * if (e.shouldCommit()) { e.jobId = job; e.chunkIndex = index; e.tasks = n; e.commit(); }
 * }</pre>
 */
@Name("org.multiprocessing4j.PoolChunk")
@Label("Pool Chunk")
@Category({"multiprocessing4j", "Pool"})
@Description("A chunk of a pool's tasks run by a worker")
@StackTrace(false)
public final class ChunkEvent extends Event {
    /** The job, unique in its pool. */
    @Label("Job Id")
    public long jobId;
    /** The chunk's index in its job. */
    @Label("Chunk Index")
    public int chunkIndex;
    /** The tasks in the chunk. */
    @Label("Tasks")
    public int tasks;
    /** The worker's slot in its pool. */
    @Label("Worker Slot")
    public int slot;
    /** Whether the chunk, or one of its tasks, failed. */
    @Label("Failed")
    public boolean failed;

    /** An event not yet begun. */
    public ChunkEvent() {}
}
