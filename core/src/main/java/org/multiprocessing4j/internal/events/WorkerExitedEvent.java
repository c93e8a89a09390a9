package org.multiprocessing4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A pool worker found gone, recorded in the parent: it exited (stopped, retired) or died holding
 * tasks ({@link #lostTasks} above 0), with its exit code and why.
 *
 * <pre>{@code
 * WorkerExitedEvent e = new WorkerExitedEvent();
 * if (e.shouldCommit()) { e.pool = "Pool-1"; e.pid = pid; e.exitCode = 137; e.reason = "SIGKILL"; e.commit(); }
 * }</pre>
 */
@Name("org.multiprocessing4j.PoolWorkerExited")
@Label("Pool Worker Exited")
@Category({"multiprocessing4j", "Pool"})
@Description("A pool worker process exited or died")
@StackTrace(false)
public final class WorkerExitedEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;
    /** The worker's slot in its pool. */
    @Label("Worker Slot")
    public int slot;
    /** The worker's pid. */
    @Label("Pid")
    public long pid;
    /** Its exit code; negative: killed by that signal. */
    @Label("Exit Code")
    public int exitCode;
    /** The tasks it held that fail with a {@code WorkerLostException}. */
    @Label("Lost Tasks")
    public int lostTasks;
    /** Why: "exited", or what is known of its death. */
    @Label("Reason")
    public String reason;

    /** An event not yet committed. */
    public WorkerExitedEvent() {}
}
