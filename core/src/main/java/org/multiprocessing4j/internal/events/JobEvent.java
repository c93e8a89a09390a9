package org.multiprocessing4j.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A pool's job (a {@code map}, {@code apply}, {@code imap}...) from its submission to its last
 * chunk's result, recorded in the parent.
 *
 * <pre>{@code
 * JobEvent e = new JobEvent();
 * e.begin();                      // at submission
 * ...
 * if (e.shouldCommit()) { e.pool = "Pool-1"; e.jobId = 7; e.tasks = 200_000; e.commit(); }
 * }</pre>
 */
@Name("org.multiprocessing4j.PoolJob")
@Label("Pool Job")
@Category({"multiprocessing4j", "Pool"})
@Description("A pool job from submission to its last result")
@StackTrace(false)
public final class JobEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;
    /** The job, unique in its pool. */
    @Label("Job Id")
    public long jobId;
    /** The job's tasks whose results came (an imap's may be fewer than its input). */
    @Label("Tasks")
    public long tasks;
    /** The job's chunks whose results came. */
    @Label("Chunks")
    public int chunks;

    /** An event not yet begun. */
    public JobEvent() {}
}
