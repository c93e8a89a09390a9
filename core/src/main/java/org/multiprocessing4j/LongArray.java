package org.multiprocessing4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A fixed-length shared array of {@code long}, typecode {@code 'l'} (long (64-bit on Linux, as C's long)): Python's
 * {@code Array('l', ...)}. Made by {@link Array#ofLongs(long...)} (a copy of values),
 * {@link Array#longsOfLength(int)} (zeros), their variants taking a {@link SharedLock}, or
 * {@code Array.rawLongs}/{@code Array.rawLongsOfLength} (no lock).
 *
 * <pre>{@code
 * LongArray sums = Array.ofLongs(1L, 2L, 3L);              // Python: Array('l', [1, 2, 3])
 * Process p = new Process(() -> sums.addAndGet(0, 10L));
 * }</pre>
 *
 * <p>{@link #get(int)} and {@link #set(int, long)} are single volatile accesses and do not take the
 * lock; the bulk copies ({@link #toArray()}, {@link #copyTo}, {@link #copyFrom}) take it unless the
 * calling thread holds it, as {@link Array} says.
 *
 * <p>The atomic updates on elements ({@link #incrementAndGet(int)}, {@link #compareAndSet}, ...)
 * go beyond CPython: each is one lock-free atomic instruction, atomic with respect to every thread
 * of every process. They do not take {@link #getLock()}.
 */
public final class LongArray extends Array {
    private static final VarHandle ELEMENT = ValueLayout.JAVA_LONG.varHandle();
    private static final int SHIFT = 3;

    LongArray(SharedCells cells) {
        super(cells);
    }

    static LongArray make(long[] values, LockMode mode, SharedLock lock) {
        long[] copy = values.clone(); // a snapshot, safe from concurrent changes to values
        LongArray a = new LongArray(Array.cells(Typecode.LONG, copy.length, mode, lock));
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
    public long get(int index) {
        Cells r = remote;
        if (r != null) {
            return r.get(checkIndex(index));
        }
        return (long) ELEMENT.getVolatile(memory, at(index));
    }

    /**
     * Sets element {@code index}: a volatile write. Python's {@code arr[index] = value}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param value the value to store
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public void set(int index, long value) {
        Cells r = remote;
        if (r != null) {
            r.set(checkIndex(index), value);
            return;
        }
        ELEMENT.setVolatile(memory, at(index), value);
    }

    /** A copy of all elements: Python's {@code arr[:]}. Takes the lock as {@link Array} says. */
    @Override
    public long[] toArray() {
        long[] a = new long[length];
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
    public void copyTo(int index, long[] dst, int dstIndex, int n) {
        cells.checkRange(index, n, "dst", dstIndex, dst.length);
        try (var _ = cells.bulk()) {
            if (remote != null) {
                long[] bits = remoteRange(index, n);
                for (int i = 0; i < n; i++) {
                    dst[dstIndex + i] = bits[i];
                }
                return;
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_LONG, SharedCells.DATA_OFFSET + ((long) index << SHIFT), dst, dstIndex, n);
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
    public void copyFrom(long[] src, int srcIndex, int index, int n) {
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
    public void copyFrom(long[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies without checking ranges or locking. */
    private void write(long[] src, int srcIndex, int index, int n) {
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
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_LONG, SharedCells.DATA_OFFSET + ((long) index << SHIFT), n);
    }

    /**
     * Atomically adds one to element {@code index}; returns the new value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long incrementAndGet(int index) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(checkIndex(index), 1L) + 1L;
        }
        return (long) ELEMENT.getAndAdd(memory, at(index), 1L) + 1L;
    }

    /**
     * Atomically adds one to element {@code index}; returns the previous value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long getAndIncrement(int index) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(checkIndex(index), 1L);
        }
        return (long) ELEMENT.getAndAdd(memory, at(index), 1L);
    }

    /**
     * Atomically subtracts one from element {@code index}; returns the new value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long decrementAndGet(int index) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(checkIndex(index), -1L) - 1L;
        }
        return (long) ELEMENT.getAndAdd(memory, at(index), -1L) - 1L;
    }

    /**
     * Atomically subtracts one from element {@code index}; returns the previous value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long getAndDecrement(int index) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(checkIndex(index), -1L);
        }
        return (long) ELEMENT.getAndAdd(memory, at(index), -1L);
    }

    /**
     * Atomically adds {@code delta} to element {@code index} (wrapping on overflow); returns the
     * new value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param delta the amount to add (negative to subtract)
     * @return the element's new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long addAndGet(int index, long delta) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(checkIndex(index), delta) + delta;
        }
        return (long) ELEMENT.getAndAdd(memory, at(index), delta) + delta;
    }

    /**
     * Atomically adds {@code delta} to element {@code index} (wrapping on overflow); returns the
     * previous value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param delta the amount to add (negative to subtract)
     * @return the element's previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long getAndAdd(int index, long delta) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(checkIndex(index), delta);
        }
        return (long) ELEMENT.getAndAdd(memory, at(index), delta);
    }

    /**
     * Atomically sets element {@code index} to {@code newValue} if it is {@code expected}. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param expected the value the element must hold for the update to happen
     * @param newValue the value to store
     * @return whether it was set
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public boolean compareAndSet(int index, long expected, long newValue) {
        Cells r = remote;
        if (r != null) {
            return r.compareAndSet(checkIndex(index), expected, newValue);
        }
        return ELEMENT.compareAndSet(memory, at(index), expected, newValue);
    }

    /**
     * Atomically sets element {@code index} to {@code newValue}; returns the previous value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param newValue the value to store
     * @return the element's previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public long getAndSet(int index, long newValue) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndSet(checkIndex(index), newValue);
        }
        return (long) ELEMENT.getAndSet(memory, at(index), newValue);
    }
}
