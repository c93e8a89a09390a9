package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Lock;

/**
 * {@code lock_uncontended_acq_rel}: 1,000,000 acquire/release pairs of a {@link Lock} in one
 * process, in pairs per second.
 */
final class LockUncontended extends Described {
    private static final int PAIRS = 1_000_000;
    private Lock lock;

    LockUncontended() {
        super("lock_uncontended_acq_rel", "ops/s", true, ">= 2x", List.of("fork"));
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
