package org.multiprocessing4j.bench;

import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;

/**
 * The large-data cases of issue #15: the seed's first example ({@code arr / sqrt(sum(arr**2))})
 * over arrays of doubles at realistic sizes, 1 MiB results, 1 MiB pipe round trips, and a
 * {@code memcpy} reference measured in the same run. Their CPython twins use numpy.
 */
final class LargeData {
    private LargeData() {}

    /** The seed's normalisation: {@code arr / sqrt(sum(arr**2))}, as a new array. */
    static double[] normalize(double[] a) {
        double sum = 0;
        for (double x : a) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / norm;
        }
        return r;
    }

    /**
     * {@code seed_pool_map_<count>x<size>}: {@code pool.map(normalize, arrays)} on a pool made once,
     * over {@code count} arrays of {@code doubles} doubles each; every result is checked element by
     * element. MB/s of argument bytes (10^6 bytes), or us per map when {@code perMap}.
     */
    static final class SeedPoolMap extends PoolCases.WithPool {
        private final int count;
        private final int doubles;
        private final boolean perMap;
        private final List<double[]> input = new ArrayList<>();
        private double[] norms;

        SeedPoolMap(String name, int count, int doubles, boolean perMap, String target) {
            super(name, perMap ? "us/map" : "MB/s", !perMap, target);
            this.count = count;
            this.doubles = doubles;
            this.perMap = perMap;
        }

        @Override
        public void setUp() throws Exception {
            super.setUp();
            java.util.Random random = new java.util.Random(15);
            norms = new double[count];
            for (int i = 0; i < count; i++) {
                double[] a = new double[doubles];
                for (int j = 0; j < doubles; j++) {
                    a[j] = random.nextDouble();
                }
                input.add(a);
                double sum = 0;
                for (double x : a) {
                    sum += x * x;
                }
                norms[i] = Math.sqrt(sum);
            }
        }

        @Override
        public void tearDown() {
            super.tearDown();
            input.clear();
        }

        @Override
        public int warmupRuns() {
            return perMap ? 5 : 2;
        }

        @Override
        public long warmupMillis() {
            return perMap ? 2_000 : 0;
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<double[]> r = pool.map(LargeData::normalize, input);
            double s = (System.nanoTime() - t0) / 1e9;
            check(r);
            return perMap ? s * 1e6 : (double) count * doubles * 8 / 1e6 / s;
        }

        private void check(List<double[]> r) {
            if (r.size() != count) {
                throw new IllegalStateException("map returned " + r.size() + " results for " + count + " arrays");
            }
            for (int i = 0; i < count; i++) {
                double[] a = input.get(i);
                double[] b = r.get(i);
                if (b.length != a.length) {
                    throw new IllegalStateException("result " + i + " has " + b.length + " elements, expected " + a.length);
                }
                for (int j = 0; j < a.length; j++) {
                    if (b[j] != a[j] / norms[i]) {
                        throw new IllegalStateException("result " + i + " element " + j + " is " + b[j]);
                    }
                }
            }
        }
    }

    /** A result of {@code size} bytes whose last byte is {@code i}. */
    static byte[] payload(int i, int size) {
        byte[] b = new byte[size];
        b[size - 1] = (byte) i;
        return b;
    }

    /** {@code pool2_map_1MiB_results_200}: 200 int tasks, each returning 1 MiB of bytes; tasks/s. */
    static final class MapResults extends PoolCases.WithPool {
        private static final int COUNT = 200;
        private static final int SIZE = 1 << 20;
        private final List<Integer> input = IntStream.range(0, COUNT).boxed().toList();

        MapResults() {
            super("pool2_map_1MiB_results_200", "tasks/s", true, "as pool2_map_1MiB_args_200");
        }

        @Override
        public int warmupRuns() {
            return 2;
        }

        @Override
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<byte[]> r = pool.map(i -> payload(i, SIZE), input);
            double s = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < COUNT; i++) {
                byte[] b = r.get(i);
                if (b.length != SIZE || b[SIZE - 1] != (byte) i) {
                    throw new IllegalStateException("wrong result " + i);
                }
            }
            return COUNT / s;
        }
    }

    /**
     * {@code pipe_1MiB_roundtrip}: the parent sends a 1 MiB {@code double[]} (131,072 doubles) over a
     * {@link Pipe} and a child sends it back, 500 times; MB/s of the bytes moved both ways (10^6 bytes).
     */
    static final class PipeRoundTrip extends Described {
        private static final int N = 500;
        private static final int DOUBLES = (1 << 20) / 8;

        PipeRoundTrip() {
            super("pipe_1MiB_roundtrip", "MB/s", true, ">= 10x, within 3x of memcpy_16MiB", List.of("fork"));
        }

        @Override
        public double runOnce() throws Exception {
            Pipe pipe = Pipe.open();
            Connection parentEnd = pipe.left();
            Connection childEnd = pipe.right();
            double[] payload = new double[DOUBLES];
            for (int i = 0; i < DOUBLES; i++) {
                payload[i] = i;
            }
            double seconds = TimedChildren.run(1, () -> {
                Object o;
                try {
                    while ((o = childEnd.recv()) != null) {
                        childEnd.send(o);
                    }
                } catch (EOFException e) {
                    // parent went away
                }
            }, () -> {
                for (int i = 0; i < N; i++) {
                    parentEnd.send(payload);
                    double[] back = (double[]) parentEnd.recv();
                    if (back.length != DOUBLES || back[DOUBLES - 1] != DOUBLES - 1) {
                        throw new IllegalStateException("wrong echo at " + i);
                    }
                }
                parentEnd.send(null);
            });
            parentEnd.close();
            return 2.0 * N * DOUBLES * 8 / 1e6 / seconds;
        }
    }

    /** {@code memcpy_16MiB}: {@code MemorySegment.copy} of 16 MiB between two native segments, 64 times; GB/s. */
    static final class Memcpy extends Described {
        private static final long SIZE = 16L << 20;
        private static final int N = 64;
        private Arena arena;
        private MemorySegment from;
        private MemorySegment to;

        Memcpy() {
            super("memcpy_16MiB", "GB/s", true, "reference (numpy copyto)", List.of("fork"));
        }

        @Override
        public void setUp() {
            arena = Arena.ofConfined();
            from = arena.allocate(SIZE, 64);
            to = arena.allocate(SIZE, 64);
            from.fill((byte) 1);
            to.fill((byte) 0);
        }

        @Override
        public void tearDown() {
            if (arena != null) {
                arena.close();
            }
        }

        @Override
        public double runOnce() {
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                MemorySegment.copy(from, 0, to, 0, SIZE);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (to.get(ValueLayout.JAVA_BYTE, SIZE - 1) != 1) {
                throw new IllegalStateException("copy did not arrive");
            }
            return N * SIZE / 1e9 / s;
        }
    }
}
