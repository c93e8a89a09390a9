package org.multiprocessing4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Tuple2;
import org.multiprocessing4j.Tuple;
import org.multiprocessing4j.internal.launch.SpareJvms;

/**
 * The pool cases of BENCHMARKS.md. Each keeps one pool across its runs (warmed by an untimed
 * {@code apply}), as the CPython twins do.
 */
final class PoolCases {
    private PoolCases() {}

    /** A case with a 2-worker pool made in setUp. */
    abstract static class WithPool extends Described {
        Pool pool;

        WithPool(String name, String unit, boolean higherIsBetter, String target) {
            this(name, unit, higherIsBetter, target, List.of("fork"));
        }

        WithPool(String name, String unit, boolean higherIsBetter, String target, List<String> twins) {
            super(name, unit, higherIsBetter, target, twins);
        }

        @Override
        public void setUp() throws Exception {
            pool = new Pool(2);
            pool.apply(() -> null);
        }

        @Override
        public void tearDown() {
            if (pool != null) {
                pool.close();
            }
        }

        /**
         * The JITs of the workers and of this JVM need many runs to compile the task path (the
         * CPython twin has no JIT to warm); the pool lives across runs, so this measures the
         * steady state. Measured on 2 cores: a fresh pool's starmap runs went from 1 to 4 M tasks/s
         * (runs 1 to 3) through 7 to 15 M (runs 6 to 30) to 20 to 40 M after about 50 runs, about
         * half a second; five runs were not enough.
         */
        @Override
        public int warmupRuns() {
            return 5;
        }

        @Override
        public long warmupMillis() {
            return 2_000;
        }
    }

    /** {@code pool2_map_square_200k}. */
    static final class MapSquare extends WithPool {
        private final List<Integer> input = IntStream.range(0, 200_000).boxed().toList();

        MapSquare() {
            super("pool2_map_square_200k", "tasks/s", true, ">= 1.5x");
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<Integer> r = pool.map(x -> x * x, input);
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.size() != input.size() || r.getLast() != 199_999 * 199_999) {
                throw new IllegalStateException("wrong result");
            }
            return input.size() / s;
        }
    }

    /** {@code pool2_starmap_add_100k}. */
    static final class StarmapAdd extends WithPool {
        private final List<Tuple2<Integer, Integer>> pairs = new ArrayList<>();

        StarmapAdd() {
            super("pool2_starmap_add_100k", "tasks/s", true, ">= 1.5x");
            for (int i = 0; i < 100_000; i++) {
                pairs.add(Tuple.of(i, i));
            }
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<Integer> r = pool.starmap(Integer::sum, pairs);
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.size() != pairs.size() || r.getLast() != 2 * 99_999) {
                throw new IllegalStateException("wrong result");
            }
            return pairs.size() / s;
        }
    }

    /** {@code pool2_apply_roundtrip}: 5,000 sequential applies; us per call. */
    static final class ApplyRoundTrip extends WithPool {
        ApplyRoundTrip() {
            super("pool2_apply_roundtrip", "us/call", false, ">= 4x");
        }

        @Override
        public double runOnce() throws Exception {
            int n = 5_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int x = i;
                pool.apply(() -> x * x);
            }
            return (System.nanoTime() - t0) / 1e3 / n;
        }
    }

    /** {@code pool2_imap_chunksize1_50k}. */
    static final class ImapChunk1 extends WithPool {
        private final List<Integer> input = IntStream.range(0, 50_000).boxed().toList();

        ImapChunk1() {
            super("pool2_imap_chunksize1_50k", "tasks/s", true, ">= 4x");
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            int count = 0;
            for (int ignored : pool.imap(x -> x * x, input, 1)) {
                count++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (count != input.size()) {
                throw new IllegalStateException("count=" + count);
            }
            return count / s;
        }
    }

    /** {@code pool_cpu_speedup_2_over_1}: 40 tasks each burning 25 ms of thread CPU time. */
    /**
     * Java only: {@code pool.map} over {@code count} byte arrays of {@code size} bytes, each task
     * returning its argument's last byte; arguments per second (and their bytes, in the name).
     */
    static final class MapPayload extends WithPool {
        private final List<byte[]> input = new ArrayList<>();

        MapPayload(String name, int size, int count) {
            super(name, "tasks/s", true, "java only", List.of());
            for (int i = 0; i < count; i++) {
                byte[] b = new byte[size];
                b[size - 1] = (byte) i;
                input.add(b);
            }
        }

        @Override
        public int warmupRuns() {
            return 2;
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<Byte> r = pool.map(b -> b[b.length - 1], input);
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.size() != input.size() || r.getLast() != (byte) (input.size() - 1)) {
                throw new IllegalStateException("wrong result");
            }
            return input.size() / s;
        }
    }

    static final class CpuSpeedup extends Described {
        private Pool one;
        private Pool two;

        CpuSpeedup() {
            super("pool_cpu_speedup_2_over_1", "x", true, ">= 1.9", List.of("fork"));
        }

        @Override
        public void setUp() throws Exception {
            one = new Pool(1);
            two = new Pool(2);
            one.apply(() -> null);
            two.map(x -> x, List.of(0, 1), 1);
        }

        static int burn(int ms) {
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            long end = bean.getCurrentThreadCpuTime() + ms * 1_000_000L;
            long x = 0;
            while (bean.getCurrentThreadCpuTime() < end) {
                for (int i = 0; i < 10_000; i++) {
                    x += i * 31L ^ x;
                }
            }
            return (int) x;
        }

        private static double timed(Pool p) throws Exception {
            List<Integer> tasks = java.util.Collections.nCopies(40, 25);
            long t0 = System.nanoTime();
            p.map(CpuSpeedup::burn, tasks, 1);
            return (System.nanoTime() - t0) / 1e9;
        }

        @Override
        public double runOnce() throws Exception {
            return timed(one) / timed(two);
        }

        @Override
        public void tearDown() {
            if (one != null) {
                one.close();
            }
            if (two != null) {
                two.close();
            }
        }
    }

    /** {@code pool2_start_first_result_close}: create a 2-worker pool, apply a no-op, close; ms. */
    static final class StartFirstResultClose extends Described {
        StartFirstResultClose() {
            super("pool2_start_first_result_close", "ms", false, "faster than CPython spawn", List.of("fork", "spawn"));
        }

        @Override
        public void setUp() {
            Multiprocessing.setSpares(0); // cold: no spares
        }

        @Override
        public void tearDown() {
            Multiprocessing.setSpareIdleTime(SpareJvms.DEFAULT_IDLE);
        }

        @Override
        public double runOnce() throws Exception {
            return startApplyCloseMillis();
        }

        /** Starts a 2-worker pool, applies a no-op and closes the pool; returns the time taken in ms. */
        static double startApplyCloseMillis() throws InterruptedException {
            long t0 = System.nanoTime();
            try (Pool p = new Pool(2)) {
                p.apply(() -> null);
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /**
     * {@code pool2_start_first_result_close_spare}: as {@link StartFirstResultClose}, with two spare
     * JVMs kept ready ({@code Multiprocessing.setSpares(2)}); before each timed run the case waits,
     * untimed, until both are ready. Its CPython twins are {@code pool2_start_first_result_close}.
     */
    static final class StartFirstResultCloseSpare extends Described {
        StartFirstResultCloseSpare() {
            super("pool2_start_first_result_close_spare", "ms", false, "faster than CPython spawn (2 spares ready)",
                    List.of("fork", "spawn"));
        }

        @Override
        public String pythonCase() {
            return "pool2_start_first_result_close";
        }

        @Override
        public void setUp() {
            Multiprocessing.setSpares(2);
        }

        @Override
        public double runOnce() throws Exception {
            Duration timeout = ProcessStartJoinSpare.SPARE_TIMEOUT;
            if (!SpareJvms.awaitReady(timeout)) {
                throw new IllegalStateException("the spare JVMs were not ready within " + timeout.toSeconds() + " s");
            }
            return StartFirstResultClose.startApplyCloseMillis();
        }

        @Override
        public void tearDown() {
            Multiprocessing.setSpareIdleTime(SpareJvms.DEFAULT_IDLE);
        }
    }

    /**
     * {@code pool2_start_first_result_close_default}: as {@link StartFirstResultClose}, with default
     * settings (adaptive spares), for a program's second pool: the set-up makes and closes the
     * program's first pool, and before each run the case waits, untimed, until the spares its
     * previous pool asked for are ready (as they are for a program whose pools are a second or
     * more apart). Its CPython twins are {@code pool2_start_first_result_close}.
     */
    static final class StartFirstResultCloseDefault extends Described {
        StartFirstResultCloseDefault() {
            super("pool2_start_first_result_close_default", "ms", false,
                    "at most CPython forkserver (a program's second pool)", List.of("fork", "spawn", "forkserver"));
        }

        @Override
        public String pythonCase() {
            return "pool2_start_first_result_close";
        }

        @Override
        public void setUp() throws Exception {
            Multiprocessing.setSpareIdleTime(SpareJvms.DEFAULT_IDLE);
            StartFirstResultClose.startApplyCloseMillis(); // the program's first pool
        }

        @Override
        public double runOnce() throws Exception {
            Duration timeout = ProcessStartJoinSpare.SPARE_TIMEOUT;
            if (!SpareJvms.awaitReady(timeout)) {
                throw new IllegalStateException("the spare JVMs were not ready within " + timeout.toSeconds() + " s");
            }
            return StartFirstResultClose.startApplyCloseMillis();
        }
    }
}
