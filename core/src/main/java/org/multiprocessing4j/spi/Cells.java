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
    /**
     * The number of cells.
     *
     * @return the number of cells, fixed at creation
     */
    int length();

    /**
     * Reads a cell: a volatile read.
     *
     * @param index the cell's position, from 0 to {@code length() - 1}
     * @return the cell's raw 64 bits
     */
    long get(int index);

    /**
     * Writes a cell: a volatile write.
     *
     * @param index the cell's position, from 0 to {@code length() - 1}
     * @param bits the raw 64 bits to store
     */
    void set(int index, long bits);

    /**
     * Atomically adds {@code delta} to a cell.
     *
     * @param index the cell's position, from 0 to {@code length() - 1}
     * @param delta the amount to add (negative to subtract), wrapping on overflow
     * @return the cell's previous value
     */
    long getAndAdd(int index, long delta);

    /**
     * Atomically replaces a cell.
     *
     * @param index the cell's position, from 0 to {@code length() - 1}
     * @param bits the raw 64 bits to store
     * @return the cell's previous bits
     */
    long getAndSet(int index, long bits);

    /**
     * Atomically sets a cell to {@code bits} if it holds {@code expected}.
     *
     * @param index the cell's position, from 0 to {@code length() - 1}
     * @param expected the bits the cell must hold
     * @param bits the raw 64 bits to store
     * @return whether the cell was set
     */
    boolean compareAndSet(int index, long expected, long bits);

    /**
     * Sets cells {@code index .. index + n - 1} to {@code bits[offset .. offset + n - 1]}: in one
     * operation where the backend can (the default sets them one by one). Each cell's write is
     * atomic; the range as a whole need not be.
     *
     * @param index the cell's position, from 0 to {@code length() - 1}
     * @param bits the raw 64-bit values
     * @param offset the first position to read in {@code bits}
     * @param n the number of cells to set
     */
    default void setRange(int index, long[] bits, int offset, int n) {
        for (int i = 0; i < n; i++) {
            set(index + i, bits[offset + i]);
        }
    }

    /**
     * All cells, in one read.
     *
     * @return all cells, in one read
     */
    long[] snapshot();

    /**
     * The value's or array's own lock when these cells keep it (the local backend's cells hold it
     * in the same segment, a manager's carry the server's), else null: then its own lock, if any,
     * is a {@link Backend#mutex(boolean) mutex(true)} of its own.
     *
     * @return the reentrant mutex kept with these cells, or null
     */
    default Mutex ownLock() {
        return null;
    }

    /**
     * A serializable reference that deserializes into these cells in any JVM of the context.
     *
     * @return a serializable reference that deserializes into these cells in any JVM of the context
     */
    Serializable handle();
}
