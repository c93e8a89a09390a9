package org.multiprocessing4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the Java side of a {@link BenchCase}: set-up, warm-up, N measured runs, tear-down.
 *
 * <pre>{@code
 * CaseRunner.Measurement m = CaseRunner.measure(new ProcessStartJoin(), 5);
 * System.out.println(m.median() + " ms/process, runs " + m.values());
 * }</pre>
 */
public final class CaseRunner {
    private CaseRunner() {}

    /**
     * The values of the measured runs and their median.
     *
     * @param median the median of {@code values}
     * @param values every measured run's value, in run order
     */
    public record Measurement(double median, List<Double> values) {}

    /**
     * Measures {@code c} with {@code runs} measured runs after its warm-up: at least
     * {@link BenchCase#warmupRuns()} runs, repeated until {@link BenchCase#warmupMillis()} passed.
     *
     * @throws IllegalArgumentException if runs is below 1
     * @throws IllegalStateException if a run returns a value that is not finite and positive
     * @throws Exception whatever the case's set-up, runs or tear-down throw
     */
    public static Measurement measure(BenchCase c, int runs) throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("runs=" + runs + " must be >= 1");
        }
        c.setUp();
        try {
            long warmUntil = System.nanoTime() + c.warmupMillis() * 1_000_000L;
            for (int i = 0; i < c.warmupRuns() || System.nanoTime() < warmUntil; i++) {
                check(c, c.runOnce());
            }
            List<Double> values = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) {
                values.add(check(c, c.runOnce()));
            }
            return new Measurement(median(values), List.copyOf(values));
        } finally {
            c.tearDown();
        }
    }

    /**
     * The median: the middle value, or the mean of the two middle ones.
     *
     * @throws IllegalArgumentException if values is empty
     */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values is undefined");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double check(BenchCase c, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalStateException("case " + c.name() + " returned value=" + value
                    + " " + c.unit() + "; a run must return a finite positive value");
        }
        return value;
    }
}
