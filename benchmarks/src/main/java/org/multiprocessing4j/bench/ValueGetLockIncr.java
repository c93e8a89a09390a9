package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Value;

/**
 * {@code value_get_lock_incr_2proc}: two child processes each do 500,000
 * {@code try (var _ = v.getLock().hold()) { v.set(v.get() + 1); }} on a synchronized
 * {@link IntValue}; increments per second.
 */
final class ValueGetLockIncr extends Described {
    private static final int PER_CHILD = 500_000;

    ValueGetLockIncr() {
        super("value_get_lock_incr_2proc", "ops/s", true, ">= 2x", List.of("fork"));
    }

    @Override
    public double runOnce() throws Exception {
        IntValue v = Value.ofInt(0);
        double seconds = TimedChildren.run(2, () -> {
            for (int i = 0; i < PER_CHILD; i++) {
                try (var _ = v.getLock().hold()) {
                    v.set(v.get() + 1);
                }
            }
        });
        if (v.get() != 2 * PER_CHILD) {
            throw new IllegalStateException("value=" + v.get() + ", expected " + 2 * PER_CHILD);
        }
        return 2 * PER_CHILD / seconds;
    }
}
