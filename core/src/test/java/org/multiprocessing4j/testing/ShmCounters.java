package org.multiprocessing4j.testing;

import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.SharedSegments;

/**
 * Plain ints in a shared segment, for testing the synchronization primitives independently of
 * {@code Value}: {@link #racyIncrement} is a non-atomic read-then-write that loses updates unless a
 * lock serializes it.
 *
 * @param segment the segment's name
 */
public record ShmCounters(String segment) implements Serializable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** Creates {@code n} zeroed counters. */
    public static ShmCounters create(int n) {
        return new ShmCounters(SharedSegments.create(4L * n).name());
    }

    private MemorySegment memory() {
        return SharedSegments.attach(segment).data();
    }

    public int get(int i) {
        return (int) INT.getVolatile(memory(), 4L * i);
    }

    public void set(int i, int v) {
        INT.setVolatile(memory(), 4L * i, v);
    }

    /** Reads, yields the CPU, then writes: loses updates without mutual exclusion. */
    public void racyIncrement(int i) {
        MemorySegment m = memory();
        int v = (int) INT.getVolatile(m, 4L * i);
        Thread.onSpinWait();
        INT.setVolatile(m, 4L * i, v + 1);
    }

    public int incrementAndGet(int i) {
        return (int) INT.getAndAdd(memory(), 4L * i, 1) + 1;
    }

    public void decrement(int i) {
        INT.getAndAdd(memory(), 4L * i, -1);
    }

    /** Raises counter i to at least v. */
    public void max(int i, int v) {
        MemorySegment m = memory();
        while (true) {
            int cur = (int) INT.getVolatile(m, 4L * i);
            if (cur >= v || INT.compareAndSet(m, 4L * i, cur, v)) {
                return;
            }
        }
    }
}
