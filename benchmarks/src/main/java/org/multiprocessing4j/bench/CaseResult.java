package org.multiprocessing4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one case: one median per implementation ({@code java}, {@code cpython-fork},
 * {@code cpython-spawn}), and the implementations that failed.
 *
 * <pre>{@code
 * CaseResult r = new CaseResult(new ProcessStartJoin());
 * r.put(CaseResult.JAVA, 40.0);
 * r.put("cpython-fork", 2.0);
 * r.ratio("cpython-fork");   // OptionalDouble[0.05]: Java is 20x slower
 * }</pre>
 */
public final class CaseResult {
    /** The implementation name of the Java side. */
    public static final String JAVA = "java";
    /** The prefix of the CPython implementation names, followed by the start method. */
    public static final String CPYTHON_PREFIX = "cpython-";

    private final BenchCase benchCase;
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    public CaseResult(BenchCase benchCase) {
        this.benchCase = benchCase;
    }

    /** The implementation name of the CPython twin run with {@code startMethod}. */
    public static String cpython(String startMethod) {
        return CPYTHON_PREFIX + startMethod;
    }

    public BenchCase benchCase() {
        return benchCase;
    }

    /** Records the median of {@code impl}. */
    public void put(String impl, double value) {
        values.put(impl, value);
    }

    /** Records that {@code impl} failed. */
    public void fail(String impl, String message) {
        failures.add(impl + ": " + message);
    }

    /** The median of {@code impl}, empty if it was not measured or failed. */
    public OptionalDouble value(String impl) {
        Double v = values.get(impl);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Every measured median by implementation, in measurement order. */
    public Map<String, Double> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The failures, each {@code impl: message}. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * How much better Java is than {@code impl}: java/impl for throughput units, impl/java for
     * time units, so above 1 means Java is better. Empty unless both were measured.
     */
    public OptionalDouble ratio(String impl) {
        OptionalDouble java = value(JAVA);
        OptionalDouble other = value(impl);
        if (java.isEmpty() || other.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(benchCase.higherIsBetter()
                ? java.getAsDouble() / other.getAsDouble()
                : other.getAsDouble() / java.getAsDouble());
    }
}
