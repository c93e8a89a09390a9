package org.multiprocessing4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A fixed-length shared array of {@code short}, typecode {@code 'h'} (short): Python's
 * {@code Array('h', ...)}. Made by {@link Array#ofShorts(short...)} (a copy of values),
 * {@link Array#shortsOfLength(int)} (zeros), their variants taking a {@link SharedLock}, or
 * {@code Array.rawShorts}/{@code Array.rawShortsOfLength} (no lock).
 *
 * <pre>{@code
 * ShortArray hs = Array.ofShorts((short) 1, (short) 2);    // Python: Array('h', [1, 2])
 * Process p = new Process(() -> hs.set(0, (short) -3));
 * }</pre>
 *
 * <p>{@link #get(int)} and {@link #set(int, short)} are single volatile accesses and do not take the
 * lock; the bulk copies ({@link #toArray()}, {@link #copyTo}, {@link #copyFrom}) take it unless the
 * calling thread holds it, as {@link Array} says.
 */
public final class ShortArray extends Array {
    private static final VarHandle ELEMENT = ValueLayout.JAVA_SHORT.varHandle();
    private static final int SHIFT = 1;

    ShortArray(SharedCells cells) {
        super(cells);
    }

    static ShortArray make(short[] values, LockMode mode, SharedLock lock) {
        short[] copy = values.clone(); // a snapshot, safe from concurrent changes to values
        ShortArray a = new ShortArray(Array.cells(Typecode.SHORT, copy.length, mode, lock));
        a.write(copy, 0, 0, copy.length);
        return a;
    }

    private long at(int index) {
        if (Integer.compareUnsigned(index, length) >= 0) {
            throw SharedCells.outOfBounds(index, length);
        }
        return SharedCells.DATA_OFFSET + ((long) index << SHIFT);
    }

    /**
     * Element {@code index}: a volatile read. Python's {@code arr[index]}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return element {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public short get(int index) {
        Cells r = remote;
        if (r != null) {
            return (short) r.get(checkIndex(index));
        }
        return (short) ELEMENT.getVolatile(memory, at(index));
    }

    /**
     * Sets element {@code index}: a volatile write. Python's {@code arr[index] = value}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param value the value to store
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public void set(int index, short value) {
        Cells r = remote;
        if (r != null) {
            r.set(checkIndex(index), value);
            return;
        }
        ELEMENT.setVolatile(memory, at(index), value);
    }

    /** A copy of all elements: Python's {@code arr[:]}. Takes the lock as {@link Array} says. */
    @Override
    public short[] toArray() {
        short[] a = new short[length];
        copyTo(0, a, 0, length);
        return a;
    }

    /**
     * Copies {@code n} elements from {@code index} on into {@code dst[dstIndex..]}: Python's
     * {@code arr[index:index + n]}. Takes the lock as {@link Array} says.
     *
     * @param index the position of the first element to copy
     * @param dst the Java array to copy into
     * @param dstIndex the first position to write in {@code dst}
     * @param n the number of elements to copy, 0 or more
     * @throws IndexOutOfBoundsException if {@code n} is negative or a range exceeds its array
     */
    public void copyTo(int index, short[] dst, int dstIndex, int n) {
        cells.checkRange(index, n, "dst", dstIndex, dst.length);
        try (var _ = cells.bulk()) {
            if (remote != null) {
                long[] bits = remoteRange(index, n);
                for (int i = 0; i < n; i++) {
                    dst[dstIndex + i] = (short) bits[i];
                }
                return;
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_SHORT, SharedCells.DATA_OFFSET + ((long) index << SHIFT), dst, dstIndex, n);
        }
    }

    /**
     * Copies {@code n} elements of {@code src[srcIndex..]} into this array from {@code index} on:
     * Python's {@code arr[index:index + n] = src[srcIndex:srcIndex + n]}. Takes the lock as
     * {@link Array} says.
     *
     * @param src the Java array to copy from
     * @param srcIndex the first position to read in {@code src}
     * @param index the position in this array that receives {@code src[srcIndex]}
     * @param n the number of elements to copy, 0 or more
     * @throws IndexOutOfBoundsException if {@code n} is negative or a range exceeds its array
     */
    public void copyFrom(short[] src, int srcIndex, int index, int n) {
        cells.checkRange(index, n, "src", srcIndex, src.length);
        try (var _ = cells.bulk()) {
            write(src, srcIndex, index, n);
        }
    }

    /**
     * Copies all of {@code src} into this array from index 0 on; {@code src.length == length()}
     * is Python's {@code arr[:] = src}.
     *
     * @param src the Java array to copy from
     * @throws IndexOutOfBoundsException if {@code src} is longer than this array
     */
    public void copyFrom(short[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies without checking ranges or locking. */
    private void write(short[] src, int srcIndex, int index, int n) {
        if (remote != null) {
            long[] bits = new long[n];
            for (int i = 0; i < n; i++) {
                bits[i] = src[srcIndex + i];
            }
            if (n > 0) {
                remote.setRange(index, bits, 0, n);
            }
            return;
        }
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_SHORT, SharedCells.DATA_OFFSET + ((long) index << SHIFT), n);
    }
}
