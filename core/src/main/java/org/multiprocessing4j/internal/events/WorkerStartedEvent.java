package org.multiprocessing4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A pool worker that said it runs its loop (its initializer done), recorded in the parent; its
 * start-up is the time from asking for the worker to that notice.
 *
 * <pre>{@code
 * WorkerStartedEvent e = new WorkerStartedEvent();
 * if (e.shouldCommit()) { e.pool = "Pool-1"; e.slot = 0; e.pid = pid; e.startup = nanos; e.commit(); }
 * }</pre>
 */
@Name("org.multiprocessing4j.PoolWorkerStarted")
@Label("Pool Worker Started")
@Category({"multiprocessing4j", "Pool"})
@Description("A pool worker process started and runs its loop")
@StackTrace(false)
public final class WorkerStartedEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;
    /** The worker's slot in its pool. */
    @Label("Worker Slot")
    public int slot;
    /** The worker's pid. */
    @Label("Pid")
    public long pid;
    /** Nanoseconds from asking for the worker to its ready notice. */
    @Label("Start-up")
    @Timespan(Timespan.NANOSECONDS)
    public long startup;

    /** An event not yet committed. */
    public WorkerStartedEvent() {}
}
