package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Value;

/** {@code atomic_incr_2proc} (Java only): two child processes each do 500,000 lock-free {@code incrementAndGet} on a raw {@link IntValue}. */
final class AtomicIncr extends Described {
    private static final int PER_CHILD = 500_000;

    AtomicIncr() {
        super("atomic_incr_2proc", "ops/s", true, "(Java only)", List.of());
    }

    @Override
    public double runOnce() throws Exception {
        IntValue v = Value.rawInt(0);
        double seconds = TimedChildren.run(2, () -> {
            for (int i = 0; i < PER_CHILD; i++) {
                v.incrementAndGet();
            }
        });
        if (v.get() != 2 * PER_CHILD) {
            throw new IllegalStateException("value=" + v.get() + ", expected " + 2 * PER_CHILD);
        }
        return 2 * PER_CHILD / seconds;
    }
}
