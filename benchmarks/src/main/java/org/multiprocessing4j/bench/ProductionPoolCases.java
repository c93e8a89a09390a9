package org.multiprocessing4j.bench;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolInsights;
import org.multiprocessing4j.TaskTimeoutException;
import org.multiprocessing4j.Value;

/**
 * Java only: what the production pool's options cost. {@code pool2_map_square_200k_observed} is
 * {@code pool2_map_square_200k} with everything on (a flight recording in the parent and in
 * each worker, the pool's MXBean registered, its insights read after each map): compare the two
 * figures of one run (target: at most 2% fewer tasks/s). {@code pool2_timeout_kill_latency}:
 * milliseconds from a task's deadline to its {@code TaskTimeoutException}, and
 * {@code pool2_timeout_next_task}: from that failure to the next task's result (a replacement
 * worker took over).
 */
final class ProductionPoolCases {
    private ProductionPoolCases() {}

    /** {@code pool2_map_square_200k_observed}. */
    static final class ObservedMapSquare extends PoolCases.WithPool {
        private final List<Integer> input = IntStream.range(0, 200_000).boxed().toList();
        private Recording recording;

        ObservedMapSquare() {
            super("pool2_map_square_200k_observed", "tasks/s", true, ">= 0.98x pool2_map_square_200k", List.of());
        }

        @Override
        public void setUp() throws Exception {
            recording = new Recording();
            for (String event : List.of("PoolJob", "PoolWorkerStarted", "PoolWorkerExited")) {
                recording.enable("org.multiprocessing4j." + event);
            }
            recording.start();
            // the workers record the chunk and task events in memory (no file), with no JDK events
            pool = Pool.builder().processes(2).jvmOptions("-XX:StartFlightRecording:settings=none,disk=false").build();
            pool.apply(() -> null);
            pool.mxBeanName();
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<Integer> r = pool.map(x -> x * x, input);
            double s = (System.nanoTime() - t0) / 1e9;
            PoolInsights insights = pool.insights();
            if (r.size() != input.size() || r.getLast() != 199_999 * 199_999 || insights.completed() < input.size()) {
                throw new IllegalStateException("wrong result");
            }
            return input.size() / s;
        }

        @Override
        public void tearDown() {
            super.tearDown();
            if (recording != null) {
                recording.close();
            }
        }
    }

    /** {@code pool2_timeout_kill_latency} and {@code pool2_timeout_next_task}. */
    static final class TimeoutLatency extends Described {
        static final Duration TIMEOUT = Duration.ofMillis(100);
        private final boolean toNextTask;
        private Pool pool;

        TimeoutLatency(boolean toNextTask) {
            super(toNextTask ? "pool2_timeout_next_task" : "pool2_timeout_kill_latency", "ms", false,
                    toNextTask ? "java only" : "<= 100 ms (the issue's bound)", List.of());
            this.toNextTask = toNextTask;
        }

        @Override
        public void setUp() throws Exception {
            pool = new Pool(2);
            pool.apply(() -> null);
        }

        @Override
        public int warmupRuns() {
            return 1;
        }

        @Override
        public double runOnce() throws Exception {
            var started = Value.rawLong(0);
            long failedAt;
            try {
                pool.apply(() -> {
                    started.set(System.nanoTime()); // one clock for every process of the machine
                    Thread.sleep(60_000);
                    return 0;
                }, TIMEOUT);
                throw new IllegalStateException("the task did not time out");
            } catch (TaskTimeoutException expected) {
                failedAt = System.nanoTime();
            }
            if (!toNextTask) {
                return Math.max(1e-3, (failedAt - started.get() - TIMEOUT.toNanos()) / 1e6);
            }
            // both workers serve tasks again: the one killed was replaced
            pool.map(x -> x, List.of(1, 2), 1);
            return (System.nanoTime() - failedAt) / 1e6;
        }

        @Override
        public void tearDown() {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
