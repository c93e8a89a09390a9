package org.multiprocessing4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One task of a pool, run in a worker: recorded for tasks that take at least its threshold
 * (1 ms unless a recording's settings say otherwise, e.g. {@code
 * org.multiprocessing4j.PoolTask#threshold=0 ms}): a task of {@code x -> x * x} lasts some
 * nanoseconds, and recording each would cost more than the task. The worker looks whether the
 * event is enabled once per chunk; when it is not, a task costs nothing more.
 *
 * <pre>{@code
 * TaskEvent e = new TaskEvent();
 * e.begin();
 * result = fn.apply(arg);
 * e.end();
 * if (e.shouldCommit()) { e.jobId = job; e.chunkIndex = index; e.position = i; e.commit(); }
 * }</pre>
 */
@Name("org.multiprocessing4j.PoolTask")
@Label("Pool Task")
@Category({"multiprocessing4j", "Pool"})
@Description("A task run by a pool worker (those at least the threshold long)")
@StackTrace(false)
@Threshold("1 ms")
public final class TaskEvent extends Event {
    /** The job, unique in its pool. */
    @Label("Job Id")
    public long jobId;
    /** The task's chunk in its job. */
    @Label("Chunk Index")
    public int chunkIndex;
    /** The task's position in its chunk. */
    @Label("Position")
    public int position;
    /** The worker's slot in its pool. */
    @Label("Worker Slot")
    public int slot;

    /** An event not yet begun. */
    public TaskEvent() {}
}
