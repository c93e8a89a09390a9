package org.multiprocessing4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Semaphore;
import org.multiprocessing4j.function.SerializableRunnable;

/**
 * Runs a task in child processes and times only the task: the children start untimed, signal
 * ready, wait for "go", run, and signal done; the time is from "go" until every child is done,
 * the same protocol as {@code timed_children} in {@code bench.py}.
 *
 * <pre>{@code
 * double seconds = TimedChildren.run(2, () -> work());
 * }</pre>
 */
final class TimedChildren {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private TimedChildren() {}

    /**
     * Starts {@code count} children running {@code task} and returns the seconds from "go" until all
     * of them finished.
     *
     * @throws IllegalStateException if a child did not exit with 0 or a signal timed out
     */
    static double run(int count, SerializableRunnable task) throws Exception {
        return run(count, task, null);
    }

    /**
     * As {@link #run(int, SerializableRunnable)}, with {@code parentWork} run by this process
     * after "go" and timed too (the consumer side of a queue case, say).
     */
    static double run(int count, SerializableRunnable task, SerializableRunnable parentWork) throws Exception {
        return run(count, null, task, parentWork);
    }

    /**
     * As {@link #run(int, SerializableRunnable, SerializableRunnable)}, with {@code prepare} run by
     * each child, untimed, before it signals ready (connecting a proxy, say).
     */
    static double run(int count, SerializableRunnable prepare, SerializableRunnable task, SerializableRunnable parentWork)
            throws Exception {
        Semaphore ready = new Semaphore(0);
        Semaphore done = new Semaphore(0);
        Event go = new Event();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            children.add(new Process(() -> {
                if (prepare != null) {
                    prepare.run();
                }
                ready.release();
                go.await();
                task.run();
                done.release();
            }));
        }
        children.forEach(Process::start);
        try {
            for (int i = 0; i < count; i++) {
                if (!ready.acquire(LIMIT)) {
                    throw new IllegalStateException("a child did not get ready within " + LIMIT);
                }
            }
            long t0 = System.nanoTime();
            go.set();
            if (parentWork != null) {
                parentWork.run();
            }
            for (int i = 0; i < count; i++) {
                if (!done.acquire(LIMIT)) {
                    throw new IllegalStateException("a child did not finish within " + LIMIT);
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            for (Process p : children) {
                if (!p.join(LIMIT)) {
                    p.kill();
                    p.join();
                }
                if (p.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException(p + " exited with " + p.exitCode());
                }
            }
        }
    }
}
