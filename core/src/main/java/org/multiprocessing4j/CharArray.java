package org.multiprocessing4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A fixed-length shared array of {@code char}, typecode {@code 'c'} (char: one byte, read and written as a Java {@code char} 0..255 (Latin-1)): Python's
 * {@code Array('c', ...)}. Made by {@link Array#ofChars(char...)} (a copy of values),
 * {@link Array#charsOfLength(int)} (zeros), their variants taking a {@link SharedLock}, or
 * {@code Array.rawChars}/{@code Array.rawCharsOfLength} (no lock).
 *
 * <pre>{@code
 * CharArray cs = Array.ofChars('a', 'b', 'c');            // Python: Array('c', b'abc')
 * Process p = new Process(() -> cs.set(0, 'A'));
 * p.start();
 * p.join();
 * System.out.println(new String(cs.toArray()));            // Abc
 * }</pre>
 *
 * <p>{@link #get(int)} and {@link #set(int, char)} are single volatile accesses and do not take the
 * lock; the bulk copies ({@link #toArray()}, {@link #copyTo}, {@link #copyFrom}) take it unless the
 * calling thread holds it, as {@link Array} says.
 */
public final class CharArray extends Array {
    private static final VarHandle ELEMENT = ValueLayout.JAVA_BYTE.varHandle();
    private static final int SHIFT = 0;

    CharArray(SharedCells cells) {
        super(cells);
    }

    static CharArray make(char[] values, LockMode mode, SharedLock lock) {
        char[] copy = values.clone(); // a snapshot, safe from concurrent changes to values
        checkLatin1(copy, 0, copy.length); // before allocating
        CharArray a = new CharArray(Array.cells(Typecode.CHAR, copy.length, mode, lock));
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
     * Element {@code index}, 0..255: a volatile read of its byte. Python's {@code arr[index]}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return element {@code index}, 0..255
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public char get(int index) {
        Cells r = remote;
        if (r != null) {
            return (char) ((byte) r.get(checkIndex(index)) & 0xFF);
        }
        return (char) ((byte) ELEMENT.getVolatile(memory, at(index)) & 0xFF);
    }

    /**
     * Sets element {@code index}: a volatile write of its byte. Python's {@code arr[index] = b'x'}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param value the value to store, 0 to 255
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     * @throws IllegalArgumentException if {@code value} is above 255
     */
    public void set(int index, char value) {
        Cells r = remote;
        if (r != null) {
            r.set(checkIndex(index), CharValue.toByte(value) & 0xFF);
            return;
        }
        ELEMENT.setVolatile(memory, at(index), CharValue.toByte(value));
    }

    /** A copy of all elements: Python's {@code arr[:]}. Takes the lock as {@link Array} says. */
    @Override
    public char[] toArray() {
        char[] a = new char[length];
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
    public void copyTo(int index, char[] dst, int dstIndex, int n) {
        cells.checkRange(index, n, "dst", dstIndex, dst.length);
        try (var _ = cells.bulk()) {
            if (remote != null) {
                long[] bits = remoteRange(index, n);
                for (int i = 0; i < n; i++) {
                    dst[dstIndex + i] = (char) (bits[i] & 0xFF);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                dst[dstIndex + i] = (char) (memory.get(ValueLayout.JAVA_BYTE, SharedCells.DATA_OFFSET + index + i) & 0xFF);
            }
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
     * @throws IllegalArgumentException if a value is above 255 (nothing is written then)
     */
    public void copyFrom(char[] src, int srcIndex, int index, int n) {
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
     * @throws IllegalArgumentException if a value is above 255 (nothing is written then)
     */
    public void copyFrom(char[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies without checking ranges or locking. */
    private void write(char[] src, int srcIndex, int index, int n) {
        checkLatin1(src, srcIndex, n);
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
        for (int i = 0; i < n; i++) {
            memory.set(ValueLayout.JAVA_BYTE, SharedCells.DATA_OFFSET + index + i, (byte) src[srcIndex + i]);
        }
    }

    private static void checkLatin1(char[] src, int srcIndex, int n) {
        for (int i = srcIndex; i < srcIndex + n; i++) {
            if (src[i] > 255) {
                throw new IllegalArgumentException("src[" + i + "]='" + src[i] + "' (" + (int) src[i]
                        + ") does not fit typecode 'c' (a single byte): it must be 0..255");
            }
        }
    }

    /**
     * The elements as a string of chars 0..255, all of them (NULs included).
     *
     * @return the elements as a string of chars 0..255, all of them (NULs included)
     */
    public String toLatin1String() {
        return new String(toArray());
    }
}
