package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Barrier;

/** {@code barrier2_phase}: two child processes pass a 2-party {@link Barrier} 10,000 times; us per phase. */
final class Barrier2Phase implements BenchCase {
    private static final int PHASES = 10_000;

    @Override
    public String name() {
        return "barrier2_phase";
    }

    @Override
    public String unit() {
        return "us/phase";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public String target() {
        return ">= 2x";
    }

    @Override
    public List<String> pythonStartMethods() {
        return List.of("fork");
    }

    @Override
    public double runOnce() throws Exception {
        Barrier barrier = new Barrier(2);
        double seconds = TimedChildren.run(2, () -> {
            for (int i = 0; i < PHASES; i++) {
                barrier.await();
            }
        });
        return seconds * 1e6 / PHASES;
    }
}
