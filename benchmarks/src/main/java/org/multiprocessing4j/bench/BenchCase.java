package org.multiprocessing4j.bench;

import java.util.List;

/**
 * One benchmark case: what one measured run does on the Java side, and how its CPython twin in
 * {@code benchmarks/python/bench.py} is run. Register new cases in {@link Cases}.
 *
 * <p>{@link CaseRunner} calls {@link #setUp()}, then {@link #runOnce()} {@link #warmupRuns()} times
 * (discarded) and N times (measured, the median is reported), then {@link #tearDown()}. Only what
 * {@code runOnce} times counts; it returns the run's value in {@link #unit()}.
 *
 * <p>Most cases extend {@link Described}, which takes the description in its constructor:
 *
 * <pre>{@code
 * final class LockUncontended extends Described {
 *     LockUncontended() {
 *         super("lock_uncontended_acq_rel", "ops/s", true, ">= 2x", List.of("fork"));
 *     }
 *
 *     public double runOnce() {
 *         long t0 = System.nanoTime();
 *         for (int i = 0; i < 1_000_000; i++) { lock.acquire(); lock.release(); }
 *         return 1_000_000 / ((System.nanoTime() - t0) / 1e9);
 *     }
 * }
 * }</pre>
 */
public interface BenchCase {
    /** The case name, as in BENCHMARKS.md ({@code process_start_join}); unique among the cases. */
    String name();

    /** The unit of {@link #runOnce()}'s value ({@code ms/process}, {@code tasks/s}, ...). */
    String unit();

    /** Whether a higher value is better (throughput) or a lower one (time per operation). */
    boolean higherIsBetter();

    /** The target from BENCHMARKS.md, as shown in the table ({@code >= 1.5x}). */
    String target();

    /**
     * The start methods the CPython twin runs with, each a column of the table: {@code fork}, and
     * {@code spawn} for the start-up cases. Empty when the case has no twin.
     */
    List<String> pythonStartMethods();

    /** The name of the CPython twin in {@code bench.py}; by default the same as {@link #name()}. */
    default String pythonCase() {
        return name();
    }

    /** Runs done and discarded before the measured ones. */
    default int warmupRuns() {
        return 1;
    }

    /** The least time spent on discarded runs before the measured ones (after {@link #warmupRuns()}). */
    default long warmupMillis() {
        return 0;
    }

    /** Prepares what is not timed (pools, spares, ...); called once before the warm-up. */
    default void setUp() throws Exception {}

    /**
     * Does one measured run.
     *
     * @return the run's value in {@link #unit()}; finite and positive
     * @throws Exception if the run failed; the case is then reported as failed
     */
    double runOnce() throws Exception;

    /** Releases what {@link #setUp()} made; called once, also after a failed run. */
    default void tearDown() throws Exception {}
}
