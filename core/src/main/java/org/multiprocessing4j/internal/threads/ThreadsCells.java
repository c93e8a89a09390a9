package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLongArray;
import org.multiprocessing4j.spi.Cells;

/**
 * The elements of a {@link org.multiprocessing4j.Value} or {@link org.multiprocessing4j.Array} of
 * the threads context: an {@link AtomicLongArray}, so each operation on one cell is atomic with
 * volatile semantics; {@link #snapshot()} reads the cells one by one.
 */
final class ThreadsCells implements Cells {
    private final AtomicLongArray cells;
    private final Registry.Ref ref = Registry.register("cells", this);

    ThreadsCells(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " must be >= 0");
        }
        this.cells = new AtomicLongArray(length);
    }

    @Override
    public int length() {
        return cells.length();
    }

    @Override
    public long get(int index) {
        return cells.get(index);
    }

    @Override
    public void set(int index, long bits) {
        cells.set(index, bits);
    }

    @Override
    public long getAndAdd(int index, long delta) {
        return cells.getAndAdd(index, delta);
    }

    @Override
    public long getAndSet(int index, long bits) {
        return cells.getAndSet(index, bits);
    }

    @Override
    public boolean compareAndSet(int index, long expected, long bits) {
        return cells.compareAndSet(index, expected, bits);
    }

    @Override
    public long[] snapshot() {
        long[] copy = new long[cells.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = cells.get(i);
        }
        return copy;
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    @Override
    public String toString() {
        return "threads-cells-" + ref.id();
    }
}
