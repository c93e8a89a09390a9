package org.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * Fixed-length cells of 64 bits, as under {@link org.multiprocessing4j.Value} and {@link
 * org.multiprocessing4j.Array}: the typed classes store each element's bits (floats and doubles
 * as raw bits), and build what else they need on {@link #compareAndSet}. Each operation on one
 * cell is atomic.
 *
 * <pre>{@code
 * Cells cells = backend.cells(3);                 // what Array.ofInts(0, 0, 0) stores in that context
 * cells.getAndAdd(1, 5);
 * long[] now = cells.snapshot();                  // [0, 5, 0]
 * }</pre>
 */
public interface Cells {
    int length();

    long get(int index);

    void set(int index, long bits);

    long getAndAdd(int index, long delta);

    long getAndSet(int index, long bits);

    boolean compareAndSet(int index, long expected, long bits);

    /**
     * Sets cells {@code index .. index + n - 1} to {@code bits[offset .. offset + n - 1]}: in one
     * operation where the backend can (the default sets them one by one). Each cell's write is
     * atomic; the range as a whole need not be.
     */
    default void setRange(int index, long[] bits, int offset, int n) {
        for (int i = 0; i < n; i++) {
            set(index + i, bits[offset + i]);
        }
    }

    /** All cells, in one read. */
    long[] snapshot();

    /** A serializable reference that deserializes into these cells in any JVM of the context. */
    Serializable handle();
}
