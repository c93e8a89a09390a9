package org.multiprocessing4j;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a pool's workers did, per worker and in total: start-up time, tasks run, and where their
 * time went (waiting for work, serializing, working), with the slowest tasks. Taken by
 * {@link Pool#insights()} at one moment; {@link #toString()} lays it out as a table.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().processes(4).build()) {
 *     pool.map(x -> work(x), inputs);
 *     System.out.println(pool.insights());
 *     Duration busiest = pool.insights().total().working();
 * }
 * }</pre>
 *
 * <p>Workers measure themselves between tasks and publish after each chunk (one clock reading per
 * task) before it sends the chunk's result, so a caller that has a result reads figures that
 * count it, and a running worker's figures lag by at most the chunk it runs. Waiting is time a
 * worker spent with nothing to run (and sending results: copying them into the result queue, or
 * waiting for room there); serializing is decoding chunks (the function too, the first time, with
 * its classes loaded) and encoding results; working is running tasks. A pool whose workers run on other machines (a cluster) has the
 * tasks counted by the pool only: their times are zero.
 *
 * @param workers the last workers that are gone (up to 32), oldest first, then the current
 *     workers by slot
 * @param total the sums over every worker the pool had, listed or not
 * @param busy workers running a chunk now
 * @param queuedChunks chunks waiting for a worker
 * @param completed tasks whose result came
 * @param failed tasks that failed: threw, ran past their deadline, or were lost with their worker
 * @param lost tasks that failed because their worker died
 * @param retried tasks run again, after their worker died or after an exception the pool retries
 * @param timedOut tasks that ran past their deadline
 * @param slowest the slowest tasks of all workers, slowest first (up to 5)
 */
public record PoolInsights(List<Worker> workers, Worker total, int busy, int queuedChunks, long completed,
        long failed, long lost, long retried, long timedOut, List<SlowTask> slowest) {

    /** Copies the lists. */
    public PoolInsights {
        workers = List.copyOf(workers);
        slowest = List.copyOf(slowest);
    }

    /**
     * One worker's insights ({@code slot} and {@code pid} -1 for the total).
     *
     * <pre>{@code
     * for (PoolInsights.Worker w : pool.insights().workers()) System.out.println(w.pid() + " " + w.tasks());
     * }</pre>
     *
     * @param slot its slot in the pool, -1 for the total
     * @param pid its process id (this JVM's for a threads pool), -1 for the total
     * @param alive whether it runs now
     * @param startup from the pool's request for it to its being ready for work (its JVM's start
     *     and the initializer); null if not ready yet, or for the total
     * @param tasks tasks it ran
     * @param chunks chunks it ran
     * @param waiting time it waited for work
     * @param serializing time it spent decoding chunks and encoding results
     * @param working time it spent running tasks
     * @param slowest its slowest tasks, slowest first (up to 3); empty for the total
     */
    public record Worker(int slot, long pid, boolean alive, Duration startup, long tasks, long chunks,
            Duration waiting, Duration serializing, Duration working, List<SlowTask> slowest) {

        /** Copies the list. */
        public Worker {
            slowest = List.copyOf(slowest);
        }
    }

    /**
     * A slow task.
     *
     * <pre>{@code
     * PoolInsights.SlowTask t = pool.insights().slowest().getFirst();
     * System.out.println("task " + t.task() + " took " + t.duration());
     * }</pre>
     *
     * @param duration how long it ran
     * @param jobId its job (each map, imap or apply of the pool is one, numbered from 0)
     * @param task its index in the job's input, or -1 once the pool forgot the job (it keeps the last 32)
     * @param pid the worker that ran it
     */
    public record SlowTask(Duration duration, long jobId, long task, long pid) {}

    /**
     * The insights as a table: one row per worker and the total, then the slowest tasks.
     *
     * @return the table
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "pool: %d tasks done, %d failed (%d lost, %d timed out), %d retried;"
                + " %d workers busy, %d chunks queued%n", completed, failed, lost, timedOut, retried, busy, queuedChunks));
        b.append(String.format(Locale.ROOT, "%-8s %8s %6s %10s %10s %18s %18s %18s%n", "worker", "pid", "alive",
                "start-up", "tasks", "waiting", "serializing", "working"));
        for (Worker w : workers) {
            row(b, Integer.toString(w.slot), Long.toString(w.pid), w.alive ? "yes" : "no", w);
        }
        row(b, "total", "", "", total);
        if (!slowest.isEmpty()) {
            b.append("slowest tasks:");
            for (SlowTask t : slowest) {
                b.append(' ').append(time(t.duration)).append(" (")
                        .append(t.task >= 0 ? "task " + t.task + " of job " + t.jobId : "a task of job " + t.jobId)
                        .append(", pid ").append(t.pid).append(')');
            }
            b.append(String.format("%n"));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String slot, String pid, String alive, Worker w) {
        long all = w.waiting.toNanos() + w.serializing.toNanos() + w.working.toNanos();
        b.append(String.format(Locale.ROOT, "%-8s %8s %6s %10s %10d %18s %18s %18s%n", slot, pid, alive,
                w.startup == null ? "-" : time(w.startup), w.tasks, share(w.waiting, all), share(w.serializing, all),
                share(w.working, all)));
    }

    private static String share(Duration d, long all) {
        return all == 0 ? time(d) : String.format(Locale.ROOT, "%s %3d%%", time(d), Math.round(100.0 * d.toNanos() / all));
    }

    /** A duration in the unit that fits: 812 ns, 3.4 ms, 12.0 s. */
    private static String time(Duration d) {
        long n = d.toNanos();
        if (n < 1_000) {
            return n + " ns";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", n / 1e3);
        }
        if (n < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f ms", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f s", n / 1e9);
    }
}
