package org.multiprocessing4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A fixed-length shared array of {@code int}, typecode {@code 'i'} (int): Python's
 * {@code Array('i', ...)}. Made by {@link Array#ofInts(int...)} (a copy of values),
 * {@link Array#intsOfLength(int)} (zeros), their variants taking a {@link SharedLock}, or
 * {@code Array.rawInts}/{@code Array.rawIntsOfLength} (no lock).
 *
 * <pre>{@code
 * IntArray counts = Array.intsOfLength(4);               // Python: Array('i', 4)
 * Process p = new Process(() -> counts.incrementAndGet(2)); // lock-free
 * p.start();
 * p.join();
 * System.out.println(Arrays.toString(counts.toArray()));   // [0, 0, 1, 0]
 * }</pre>
 *
 * <p>{@link #get(int)} and {@link #set(int, int)} are single volatile accesses and do not take the
 * lock; the bulk copies ({@link #toArray()}, {@link #copyTo}, {@link #copyFrom}) take it unless the
 * calling thread holds it, as {@link Array} says.
 *
 * <p>The atomic updates on elements ({@link #incrementAndGet(int)}, {@link #compareAndSet}, ...)
 * go beyond CPython: each is one lock-free atomic instruction, atomic with respect to every thread
 * of every process. They do not take {@link #getLock()}.
 */
public final class IntArray extends Array {
    private static final VarHandle ELEMENT = ValueLayout.JAVA_INT.varHandle();
    private static final int SHIFT = 2;

    IntArray(SharedCells cells) {
        super(cells);
    }

    static IntArray make(int[] values, LockMode mode, SharedLock lock) {
        int[] copy = values.clone(); // a snapshot, safe from concurrent changes to values
        IntArray a = new IntArray(Array.cells(Typecode.INT, copy.length, mode, lock));
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
    public int get(int index) {
        Cells r = remote;
        if (r != null) {
            return (int) r.get(checkIndex(index));
        }
        return (int) ELEMENT.getVolatile(memory, at(index));
    }

    /**
     * Sets element {@code index}: a volatile write. Python's {@code arr[index] = value}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param value the value to store
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public void set(int index, int value) {
        Cells r = remote;
        if (r != null) {
            r.set(checkIndex(index), value);
            return;
        }
        ELEMENT.setVolatile(memory, at(index), value);
    }

    /** A copy of all elements: Python's {@code arr[:]}. Takes the lock as {@link Array} says. */
    @Override
    public int[] toArray() {
        int[] a = new int[length];
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
    public void copyTo(int index, int[] dst, int dstIndex, int n) {
        cells.checkRange(index, n, "dst", dstIndex, dst.length);
        try (var _ = cells.bulk()) {
            if (remote != null) {
                long[] bits = remoteRange(index, n);
                for (int i = 0; i < n; i++) {
                    dst[dstIndex + i] = (int) bits[i];
                }
                return;
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_INT, SharedCells.DATA_OFFSET + ((long) index << SHIFT), dst, dstIndex, n);
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
    public void copyFrom(int[] src, int srcIndex, int index, int n) {
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
    public void copyFrom(int[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies without checking ranges or locking. */
    private void write(int[] src, int srcIndex, int index, int n) {
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
        MemorySegment.copy(src, srcIndex, memory, ValueLayout.JAVA_INT, SharedCells.DATA_OFFSET + ((long) index << SHIFT), n);
    }

    /**
     * Atomically adds one to element {@code index}; returns the new value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public int incrementAndGet(int index) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(checkIndex(index), 1) + 1;
        }
        return (int) ELEMENT.getAndAdd(memory, at(index), 1) + 1;
    }

    /**
     * Atomically adds one to element {@code index}; returns the previous value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public int getAndIncrement(int index) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(checkIndex(index), 1);
        }
        return (int) ELEMENT.getAndAdd(memory, at(index), 1);
    }

    /**
     * Atomically subtracts one from element {@code index}; returns the new value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's new value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public int decrementAndGet(int index) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(checkIndex(index), -1) - 1;
        }
        return (int) ELEMENT.getAndAdd(memory, at(index), -1) - 1;
    }

    /**
     * Atomically subtracts one from element {@code index}; returns the previous value. Lock-free.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return the element's previous value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public int getAndDecrement(int index) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(checkIndex(index), -1);
        }
        return (int) ELEMENT.getAndAdd(memory, at(index), -1);
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
    public int addAndGet(int index, int delta) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(checkIndex(index), delta) + delta;
        }
        return (int) ELEMENT.getAndAdd(memory, at(index), delta) + delta;
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
    public int getAndAdd(int index, int delta) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(checkIndex(index), delta);
        }
        return (int) ELEMENT.getAndAdd(memory, at(index), delta);
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
    public boolean compareAndSet(int index, int expected, int newValue) {
        Cells r = remote;
        if (r != null) {
            return SharedCells.compareAndSetInt(r, checkIndex(index), expected, newValue);
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
    public int getAndSet(int index, int newValue) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndSet(checkIndex(index), newValue);
        }
        return (int) ELEMENT.getAndSet(memory, at(index), newValue);
    }
}
