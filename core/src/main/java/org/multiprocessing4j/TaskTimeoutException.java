package org.multiprocessing4j;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A pool task ran past its deadline ({@code Pool.Builder.taskTimeout}, or the timeout of
 * {@code apply}/{@code applyAsync}), so the pool killed the worker running it: the task fails
 * with this exception, the other tasks that worker held run in other workers (they did not
 * fail), and a new worker takes the dead one's place. A worker JVM is the unit that can be
 * stopped safely; in the {@code threads} context the task's thread is interrupted and given up
 * instead (see {@link Pool.Builder#taskTimeout}).
 *
 * <p>It is a {@link TimeoutException}: {@link AsyncResult#get()} throws an
 * {@code ExecutionException} caused by it, {@link Pool#apply(org.multiprocessing4j.function.SerializableCallable, Duration)}
 * throws it as it is.
 *
 * <pre>{@code
 * try {
 *     pool.apply(() -> slowQuery(), Duration.ofSeconds(2));
 * } catch (TaskTimeoutException e) {
 *     System.out.println("task " + e.task() + " took longer than " + e.timeout());
 * }
 * }</pre>
 */
public final class TaskTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;
    /** The task's position in its call's input (0 for an apply). */
    private final long task;
    /** The time limit it ran past. */
    private final Duration timeout;
    /** The pid of the worker killed for it. */
    private final long pid;

    TaskTimeoutException(long task, Duration timeout, long pid) {
        super("task " + task + " ran past its deadline of " + format(timeout) + ", so its worker pid=" + pid
                + " was killed; the other tasks that worker held run elsewhere. Raise the limit"
                + " (Pool.builder().taskTimeout(...), or the call's timeout) if the task needs longer.");
        this.task = task;
        this.timeout = timeout;
        this.pid = pid;
    }

    private static String format(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toString();
    }

    /**
     * The task's position in its call's input: the index of its item for {@code map},
     * {@code starmap} and {@code imap}, 0 for {@code apply}.
     *
     * @return the task's position
     */
    public long task() {
        return task;
    }

    /**
     * The time limit the task ran past.
     *
     * @return the time limit
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The pid of the worker that was killed for the task.
     *
     * @return the killed worker's pid
     */
    public long pid() {
        return pid;
    }
}
