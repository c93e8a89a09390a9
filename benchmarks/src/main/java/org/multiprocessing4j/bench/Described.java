package org.multiprocessing4j.bench;

import java.util.List;

/**
 * A {@link BenchCase} whose description (name, unit, direction, target, CPython twins) is given
 * once, to the constructor; subclasses write only what a run does.
 *
 * <pre>{@code
 * final class LockUncontended extends Described {
 *     LockUncontended() {
 *         super("lock_uncontended_acq_rel", "ops/s", true, ">= 2x", List.of("fork"));
 *     }
 *     public double runOnce() { ... }
 * }
 * }</pre>
 */
abstract class Described implements BenchCase {
    private final String name;
    private final String unit;
    private final boolean higherIsBetter;
    private final String target;
    private final List<String> pythonStartMethods;

    Described(String name, String unit, boolean higherIsBetter, String target, List<String> pythonStartMethods) {
        this.name = name;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.target = target;
        this.pythonStartMethods = List.copyOf(pythonStartMethods);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String unit() {
        return unit;
    }

    @Override
    public final boolean higherIsBetter() {
        return higherIsBetter;
    }

    @Override
    public final String target() {
        return target;
    }

    @Override
    public final List<String> pythonStartMethods() {
        return pythonStartMethods;
    }
}
