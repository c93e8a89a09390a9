package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Lock;

/**
 * {@code lock_uncontended_acq_rel}: 1,000,000 acquire/release pairs of a {@link Lock} in one
 * process, in pairs per second.
 */
final class LockUncontended implements BenchCase {
    private static final int PAIRS = 1_000_000;
    private Lock lock;

    @Override
    public String name() {
        return "lock_uncontended_acq_rel";
    }

    @Override
    public String unit() {
        return "ops/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
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
    public int warmupRuns() {
        return 3;
    }

    @Override
    public void setUp() {
        lock = new Lock();
    }

    @Override
    public double runOnce() throws Exception {
        Lock l = lock;
        long t0 = System.nanoTime();
        for (int i = 0; i < PAIRS; i++) {
            l.acquire();
            l.release();
        }
        return PAIRS / ((System.nanoTime() - t0) / 1e9);
    }
}
