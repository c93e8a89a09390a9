package org.multiprocessing4j.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.internal.shm.SharedSegments;

/**
 * {@code lock_contended_2proc_incr}: two child processes each do 500,000 increments of a raw
 * shared int under one {@link Lock}; total increments per second.
 */
final class LockContended2Proc extends Described {
    private static final int PER_CHILD = 500_000;

    LockContended2Proc() {
        super("lock_contended_2proc_incr", "ops/s", true, ">= 1.5x", List.of("fork"));
    }

    @Override
    public double runOnce() throws Exception {
        Lock lock = new Lock();
        String counter = SharedSegments.create(8).name();
        double seconds = TimedChildren.run(2, () -> {
            MemorySegment c = SharedSegments.attach(counter).data();
            for (int i = 0; i < PER_CHILD; i++) {
                lock.acquire();
                c.set(ValueLayout.JAVA_INT, 0, c.get(ValueLayout.JAVA_INT, 0) + 1);
                lock.release();
            }
        });
        int total = SharedSegments.attach(counter).data().get(ValueLayout.JAVA_INT, 0);
        if (total != 2 * PER_CHILD) {
            throw new IllegalStateException("counter=" + total + ", expected " + 2 * PER_CHILD);
        }
        return 2 * PER_CHILD / seconds;
    }
}
