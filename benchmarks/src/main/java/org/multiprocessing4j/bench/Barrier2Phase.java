package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Barrier;

/** {@code barrier2_phase}: two child processes pass a 2-party {@link Barrier} 10,000 times; us per phase. */
final class Barrier2Phase extends Described {
    private static final int PHASES = 10_000;

    Barrier2Phase() {
        super("barrier2_phase", "us/phase", false, ">= 2x", List.of("fork"));
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
