package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.multiprocessing4j.internal.local.CellsLayout;
import org.multiprocessing4j.internal.local.LocalCells.LockMode;
import org.multiprocessing4j.internal.local.LocalCells;
import org.multiprocessing4j.internal.local.Typecode;
import org.multiprocessing4j.spi.Cells;

/**
 * A fixed-length array of numbers in shared memory, as Python's {@code multiprocessing.Array}.
 * The factories here make the typed forms ({@link IntArray}, {@link LongArray}, {@link DoubleArray},
 * {@link FloatArray}, {@link ShortArray}, {@link ByteArray}, {@link CharArray});
 * {@link #of(char, Object)} is Python's spelling with a typecode (see {@link Value} for the table).
 *
 * <pre>{@code
 * IntArray arr = Array.ofInts(1, 2, 3, 4, 5);        // Python: Array('i', [1, 2, 3, 4, 5])
 * DoubleArray zeros = Array.doublesOfLength(10);     // Python: Array('d', 10)
 * Process p = new Process(() -> {
 *     for (int i = 0; i < arr.length(); i++) {
 *         arr.set(i, arr.get(i) * 10);
 *     }
 * });
 * p.start();
 * p.join();
 * System.out.println(Arrays.toString(arr.toArray())); // Python: arr[:]
 * }</pre>
 *
 * <h2>Values or a length</h2>
 * Python's {@code Array('i', 10)} makes ten zeros and {@code Array('i', [1, 2])} copies the
 * values. The typed factories keep the two apart by name: {@code Array.ofInts(1, 2)} copies the
 * values, {@code Array.intsOfLength(10)} makes ten zeros. In Python spelling an integral
 * {@code Number} is a length ({@code Array.of('i', 10)}) and an array or collection is the values
 * ({@code Array.of('i', List.of(1, 2))}, {@code Array.of('d', new double[] {1.5})}). New arrays
 * are always zero-filled before the values are copied in.
 *
 * <h2>Locking</h2>
 * Synchronized by default with its own {@link RLock} ({@link #getLock()}); {@code ofInts(values, lock)}
 * uses a supplied lock; {@code rawInts(...)} (Python's {@code RawArray}) has none and its
 * {@code getLock()} throws {@link UnsupportedOperationException}. Single-element {@code get} and
 * {@code set} do not take the lock (each is one volatile access, atomic on its own; see
 * {@link Value}). The bulk operations ({@code toArray}, {@code copyTo}, {@code copyFrom}) take it,
 * as CPython's slices do, unless the calling thread holds it already: a bulk copy is atomic with
 * respect to every other holder of the lock. Against concurrent lock-free writers (plain
 * {@code set} or the atomics) a bulk copy is atomic per element only.
 *
 * <h2>Passing and lifetime</h2>
 * As for {@link Value}: a serializable handle, the same memory in every process it reaches, and
 * removed when the creating process exits.
 *
 * <h2>In the cluster context</h2>
 * Made in a context with a backend (the Hazelcast cluster), the elements are one entry of the
 * cluster's cell map, changed by entry processors: each single-element operation is one round
 * trip and atomic on its own; a bulk read is one round trip ({@code toArray} reads all elements,
 * {@code copyTo} too and keeps its range); a bulk write is one round trip. The own lock is a
 * cluster {@link RLock}; see {@link Value}.
 *
 * <p>Indexes are checked: an index outside {@code 0..length()-1} throws
 * {@link IndexOutOfBoundsException} ({@code index=5, length=5}); Python's negative indexes are not
 * supported.
 */
public abstract sealed class Array implements Serializable
        permits IntArray, LongArray, DoubleArray, FloatArray, ShortArray, ByteArray, CharArray {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The elements: cells of the context the array was made in; never null. */
    final transient Cells cells;
    /** The guarding lock; null for a raw array. */
    final transient SharedLock lock;

    Array(Cells cells, SharedLock lock) {
        this.cells = cells;
        this.lock = lock;
    }

    /** The typecode of this typed class. */
    final Typecode type() {
        return switch (this) {
            case IntArray _ -> Typecode.INT;
            case LongArray _ -> Typecode.LONG;
            case DoubleArray _ -> Typecode.DOUBLE;
            case FloatArray _ -> Typecode.FLOAT;
            case ShortArray _ -> Typecode.SHORT;
            case ByteArray _ -> Typecode.BYTE;
            case CharArray _ -> Typecode.CHAR;
        };
    }

    /**
     * The number of elements: Python's {@code len(arr)}.
     *
     * @return the number of elements
     */
    public final int length() {
        return cells.length();
    }

    /**
     * The typecode, e.g. {@code 'i'}.
     *
     * @return the typecode, e.g. {@code 'i'}
     */
    public final char typecode() {
        return type().code;
    }

    /**
     * The lock guarding this array: its own {@link RLock} by default, or the lock supplied when it
     * was made. Python's {@code get_lock()}.
     *
     * @return the lock guarding this array
     * @throws UnsupportedOperationException if it was made without a lock (a raw array)
     */
    public final SharedLock getLock() {
        SharedLock l = lock;
        if (l == null) {
            throw CellsHandle.noLock(getClass().getSimpleName(), cells);
        }
        return l;
    }

    /**
     * Whether it has a lock: false for a raw array (Python's {@code RawArray}).
     *
     * @return whether it has a lock
     */
    public final boolean hasLock() {
        return lock != null;
    }

    /**
     * Element {@code index}, boxed ({@code Integer} for {@code 'i'}, {@code Character} for
     * {@code 'c'}, ...): Python's {@code arr[index]}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @return element {@code index}, boxed ({@code Integer} for {@code 'i'}, {@code Character} for
     *     {@code 'c'}, ...)
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     */
    public final Object getObject(int index) {
        return type().fromBits(cells.get(checkIndex(index)));
    }

    /**
     * Sets element {@code index} from a boxed value, converted as {@link Value#setObject(Object)}
     * says: Python's {@code arr[index] = v}.
     *
     * @param index the element's position, from 0 to {@code length() - 1}
     * @param value the value to store
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..length()-1}
     * @throws IllegalArgumentException if the value does not convert to the typecode
     */
    public final void setObject(int index, Object value) {
        int i = checkIndex(index);
        Typecode t = type();
        cells.set(i, t.toBits(t.convert(value, "value")));
    }

    /**
     * A copy of all elements as a primitive array ({@code int[]} for an {@link IntArray}, ...):
     * Python's {@code arr[:]}. Takes the lock as the class comment says.
     *
     * @return a copy of all elements as a primitive array ({@code int[]} for an {@link IntArray},
     *     ...)
     */
    public abstract Object toArray();

    /**
     * All elements, boxed, in a new unmodifiable list: Python's {@code list(arr)}.
     *
     * @return all elements, boxed, in a new unmodifiable list
     */
    public final List<Object> toList() {
        Object a = toArray();
        Object[] boxed = new Object[java.lang.reflect.Array.getLength(a)];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = java.lang.reflect.Array.get(a, i);
        }
        return List.of(boxed);
    }

    /** Checks {@code index} and returns it. */
    final int checkIndex(int index) {
        int length = cells.length();
        if (Integer.compareUnsigned(index, length) >= 0) {
            throw new IndexOutOfBoundsException("index=" + index + ", length=" + length);
        }
        return index;
    }

    /**
     * Checks that {@code [index, index + n)} lies in this array and {@code [arrayIndex, arrayIndex + n)}
     * in a Java array of {@code arrayLength}.
     *
     * @throws IndexOutOfBoundsException naming the values that do not fit
     */
    final void checkRange(int index, int n, String arrayName, int arrayIndex, int arrayLength) {
        int length = cells.length();
        if (n < 0) {
            throw new IndexOutOfBoundsException("n=" + n + " must be >= 0");
        }
        if (index < 0 || index > length - n) {
            throw new IndexOutOfBoundsException("index=" + index + ", n=" + n + ", length=" + length
                    + ": the range is not within the shared array");
        }
        if (arrayIndex < 0 || arrayIndex > arrayLength - n) {
            throw new IndexOutOfBoundsException(arrayName + "Index=" + arrayIndex + ", n=" + n + ", " + arrayName
                    + ".length=" + arrayLength + ": the range is not within " + arrayName);
        }
    }

    /** Begins a bulk copy under the lock, see {@link CellsHandle#bulk}. */
    final Hold bulk() {
        return CellsHandle.bulk(lock);
    }

    /**
     * Copies {@code n} elements from {@code index} on into {@code dst}, a Java array of the element
     * type, under the lock: one bulk copy of the shared memory for local cells, else one read of
     * all cells.
     */
    final void copyOut(int index, Object dst, int dstIndex, int n, int dstLength) {
        checkRange(index, n, "dst", dstIndex, dstLength);
        try (var _ = bulk()) {
            if (cells instanceof LocalCells local) {
                local.copyTo(index, dst, dstIndex, n);
                return;
            }
            if (n == 0) {
                return;
            }
            long[] all = cells.snapshot();
            for (int i = 0; i < n; i++) {
                long bits = all[index + i];
                int at = dstIndex + i;
                switch (dst) {
                    case byte[] a -> a[at] = (byte) bits;
                    case char[] a -> a[at] = (char) (bits & 0xFF);
                    case short[] a -> a[at] = (short) bits;
                    case int[] a -> a[at] = (int) bits;
                    case long[] a -> a[at] = bits;
                    case float[] a -> a[at] = Float.intBitsToFloat((int) bits);
                    case double[] a -> a[at] = Double.longBitsToDouble(bits);
                    default -> throw new IllegalArgumentException("not a primitive array: " + dst);
                }
            }
        }
    }

    /**
     * Copies {@code n} elements of {@code src}, a Java array of the element type, into the cells
     * from {@code index} on, without checking ranges or locking: one bulk copy into the shared
     * memory for local cells, else one {@link Cells#setRange}.
     */
    final void copyIn(Object src, int srcIndex, int index, int n) {
        if (cells instanceof LocalCells local) {
            local.copyFrom(src, srcIndex, index, n);
            return;
        }
        if (n == 0) {
            return;
        }
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            int at = srcIndex + i;
            bits[i] = switch (src) {
                case byte[] a -> a[at];
                case char[] a -> a[at];
                case short[] a -> a[at];
                case int[] a -> a[at];
                case long[] a -> a[at];
                case float[] a -> Float.floatToRawIntBits(a[at]);
                case double[] a -> Double.doubleToRawLongBits(a[at]);
                default -> throw new IllegalArgumentException("not a primitive array: " + src);
            };
        }
        cells.setRange(index, bits, 0, n);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('[');
        long[] bits = cells.snapshot(); // one read, not one per element
        int length = bits.length;
        int shown = Math.min(length, 100);
        Typecode t = type();
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : ", ").append(t.fromBits(bits[i]));
        }
        return b.append(shown < length ? ", ... (" + length + " elements)]" : "]").toString();
    }

    /**
     * The serialized form: a handle naming the shared segment, so that the copy in another process
     * sees the same memory.
     *
     * @return the handle to serialize in this array's place
     */
    @Serial
    final Object writeReplace() {
        return CellsHandle.of(CellsLayout.ARRAY_KIND, type(), cells, lock);
    }

    /** The typed array of {@code typecode} over {@code cells}. */
    static Array wrap(Typecode typecode, Cells cells, SharedLock lock) {
        return switch (typecode) {
            case INT -> new IntArray(cells, lock);
            case LONG -> new LongArray(cells, lock);
            case DOUBLE -> new DoubleArray(cells, lock);
            case FLOAT -> new FloatArray(cells, lock);
            case SHORT -> new ShortArray(cells, lock);
            case BYTE -> new ByteArray(cells, lock);
            case CHAR -> new CharArray(cells, lock);
        };
    }

    // Python spelling

    /**
     * A synchronized array of {@code length} zeros: Python's {@code Array('i', 10)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param length the number of elements, 0 or more
     * @return a new array of the typed form for {@code typecode} ({@link IntArray} for {@code 'i'},
     *     ...)
     * @throws IllegalArgumentException if the typecode is unknown or {@code length} is negative
     */
    public static Array of(char typecode, int length) {
        return of(typecode, (Object) length, LockMode.OWN, null);
    }

    /**
     * A synchronized array: Python's {@code Array(typecode, size_or_initializer)}. The result is
     * the typed form ({@link IntArray} for {@code 'i'}, ...).
     *
     * <pre>{@code
     * Array a = Array.of('i', 10);                       // ten zeros
     * Array b = Array.of('i', List.of(1, 2, 3));         // copies
     * Array c = Array.of('d', new double[] {0.5, 1.5});  // copies
     * Array s = Array.of('c', "hello");                  // Python: Array('c', b'hello')
     * }</pre>
     *
     * @param sizeOrInitializer an integral {@code Number}: the length; a primitive array,
     *     {@code Object[]} or {@code Collection}: the values, each converted as
     *     {@link Value#setObject(Object)} says; for {@code 'c'} also a {@code String} of chars
     *     0..255, and a {@code byte[]} is read as unsigned bytes
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @return a new array of the typed form for {@code typecode} ({@link IntArray} for {@code 'i'},
     *     ...)
     * @throws IllegalArgumentException if the typecode is unknown, the length negative, the
     *     initializer of another type, or a value does not convert (the message names its index)
     */
    public static Array of(char typecode, Object sizeOrInitializer) {
        return of(typecode, sizeOrInitializer, LockMode.OWN, null);
    }

    /**
     * As {@link #of(char, Object)}, with its own {@link RLock} if {@code lock} is true, else raw:
     * Python's {@code Array('i', 10, lock=False)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param sizeOrInitializer an {@code Integer} length (that many zeros), or the initial
     *     elements: a primitive array of the typecode's type, or a {@code Collection}/{@code
     *     Object[]} of boxed values
     * @param lock true for an object with its own {@link RLock}, false for a raw one (no lock)
     * @return a new array of the typed form for {@code typecode} ({@link IntArray} for {@code 'i'},
     *     ...)
     * @throws IllegalArgumentException as {@link #of(char, Object)} says
     */
    public static Array of(char typecode, Object sizeOrInitializer, boolean lock) {
        return of(typecode, sizeOrInitializer, CellsHandle.mode(lock), null);
    }

    /**
     * As {@link #of(char, Object)}, guarded by {@code lock}: Python's {@code Array('i', 10, lock=lock)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param sizeOrInitializer an {@code Integer} length (that many zeros), or the initial
     *     elements: a primitive array of the typecode's type, or a {@code Collection}/{@code
     *     Object[]} of boxed values
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a new array of the typed form for {@code typecode} ({@link IntArray} for {@code 'i'},
     *     ...)
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException as {@link #of(char, Object)} says
     */
    public static Array of(char typecode, Object sizeOrInitializer, SharedLock lock) {
        return of(typecode, sizeOrInitializer, LockMode.SUPPLIED, Objects.requireNonNull(lock, "lock"));
    }

    /**
     * A raw array (no lock): Python's {@code RawArray(typecode, size_or_initializer)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param sizeOrInitializer an {@code Integer} length (that many zeros), or the initial
     *     elements: a primitive array of the typecode's type, or a {@code Collection}/{@code
     *     Object[]} of boxed values
     * @return a new array without a lock, of the typed form for {@code typecode}
     * @throws IllegalArgumentException as {@link #of(char, Object)} says
     */
    public static Array raw(char typecode, Object sizeOrInitializer) {
        return of(typecode, sizeOrInitializer, LockMode.NONE, null);
    }

    private static Array of(char typecode, Object init, LockMode mode, SharedLock lock) {
        Typecode t = Typecode.of(typecode);
        Objects.requireNonNull(init, "sizeOrInitializer");
        if (init instanceof Number n && !(n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal)) {
            long size = n.longValue();
            if (size < 0 || size > Integer.MAX_VALUE || !n.toString().equals(Long.toString(size))) {
                throw new IllegalArgumentException("length=" + n + " must be 0.." + Integer.MAX_VALUE);
            }
            return CellsHandle.array(t, (int) size, mode, lock);
        }
        Array direct = switch (init) { // same element type: one bulk copy
            case int[] a when t == Typecode.INT -> IntArray.make(a, mode, lock);
            case long[] a when t == Typecode.LONG -> LongArray.make(a, mode, lock);
            case double[] a when t == Typecode.DOUBLE -> DoubleArray.make(a, mode, lock);
            case float[] a when t == Typecode.FLOAT -> FloatArray.make(a, mode, lock);
            case short[] a when t == Typecode.SHORT -> ShortArray.make(a, mode, lock);
            case byte[] a when t == Typecode.BYTE -> ByteArray.make(a, mode, lock);
            case char[] a when t == Typecode.CHAR -> CharArray.make(a, mode, lock);
            default -> null;
        };
        if (direct != null) {
            return direct;
        }
        Object[] values = initializerValues(t, init);
        Object[] converted = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            converted[i] = t.convert(values[i], "values[" + i + "]"); // all checked before allocating
        }
        Array a = CellsHandle.array(t, values.length, mode, lock);
        long[] bits = new long[converted.length];
        for (int i = 0; i < converted.length; i++) {
            bits[i] = t.toBits(converted[i]);
        }
        if (bits.length > 0) {
            a.cells.setRange(0, bits, 0, bits.length);
        }
        return a;
    }

    private static Object[] initializerValues(Typecode t, Object init) {
        if (t == Typecode.CHAR && init instanceof String s) {
            return s.chars().mapToObj(c -> (Object) (char) c).toArray();
        }
        if (t == Typecode.CHAR && init instanceof byte[] b) {
            Object[] r = new Object[b.length];
            for (int i = 0; i < b.length; i++) {
                r[i] = (char) (b[i] & 0xFF);
            }
            return r;
        }
        return switch (init) {
            case Object[] a -> a;
            case Collection<?> c -> c.toArray();
            case Object a when a.getClass().isArray() -> {
                int n = java.lang.reflect.Array.getLength(a);
                Object[] r = new Object[n];
                for (int i = 0; i < n; i++) {
                    r[i] = java.lang.reflect.Array.get(a, i);
                }
                yield r;
            }
            default -> throw new IllegalArgumentException("sizeOrInitializer=" + init + " ("
                    + init.getClass().getSimpleName() + ") must be an integral length, an array or a Collection"
                    + (t == Typecode.CHAR ? ", or a String" : ""));
        };
    }

    // Typed factories: ofXs(values) copies the values, xsOfLength(n) makes n zeros; the variants
    // with a SharedLock use it, the raw ones have no lock.

    /**
     * A synchronized {@code int} array ({@code 'i'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized {@code int} array ({@code 'i'}) holding a copy of {@code values}
     */
    public static IntArray ofInts(int... values) {
        return IntArray.make(values, LockMode.OWN, null);
    }

    /**
     * An {@code int} array ({@code 'i'}) holding a copy of {@code values}, guarded by {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return an {@code int} array ({@code 'i'}) holding a copy of {@code values}, guarded by
     *     {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static IntArray ofInts(int[] values, SharedLock lock) {
        return IntArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code int} array ({@code 'i'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw {@code int} array ({@code 'i'}, no lock) holding a copy of {@code values}
     */
    public static IntArray rawInts(int... values) {
        return IntArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code int} array ({@code 'i'}) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized {@code int} array ({@code 'i'}) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static IntArray intsOfLength(int length) {
        return (IntArray) CellsHandle.array(Typecode.INT, length, LockMode.OWN, null);
    }

    /**
     * An {@code int} array ({@code 'i'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return an {@code int} array ({@code 'i'}) of {@code length} zeros guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static IntArray intsOfLength(int length, SharedLock lock) {
        return (IntArray) CellsHandle.array(Typecode.INT, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code int} array ({@code 'i'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw {@code int} array ({@code 'i'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static IntArray rawIntsOfLength(int length) {
        return (IntArray) CellsHandle.array(Typecode.INT, length, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code long} array ({@code 'l'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized {@code long} array ({@code 'l'}) holding a copy of {@code values}
     */
    public static LongArray ofLongs(long... values) {
        return LongArray.make(values, LockMode.OWN, null);
    }

    /**
     * A {@code long} array ({@code 'l'}) holding a copy of {@code values}, guarded by {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code long} array ({@code 'l'}) holding a copy of {@code values}, guarded by
     *     {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static LongArray ofLongs(long[] values, SharedLock lock) {
        return LongArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code long} array ({@code 'l'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw {@code long} array ({@code 'l'}, no lock) holding a copy of {@code values}
     */
    public static LongArray rawLongs(long... values) {
        return LongArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code long} array ({@code 'l'}) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized {@code long} array ({@code 'l'}) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static LongArray longsOfLength(int length) {
        return (LongArray) CellsHandle.array(Typecode.LONG, length, LockMode.OWN, null);
    }

    /**
     * A {@code long} array ({@code 'l'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code long} array ({@code 'l'}) of {@code length} zeros guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static LongArray longsOfLength(int length, SharedLock lock) {
        return (LongArray) CellsHandle.array(Typecode.LONG, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code long} array ({@code 'l'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw {@code long} array ({@code 'l'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static LongArray rawLongsOfLength(int length) {
        return (LongArray) CellsHandle.array(Typecode.LONG, length, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code double} array ({@code 'd'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized {@code double} array ({@code 'd'}) holding a copy of {@code values}
     */
    public static DoubleArray ofDoubles(double... values) {
        return DoubleArray.make(values, LockMode.OWN, null);
    }

    /**
     * A {@code double} array ({@code 'd'}) holding a copy of {@code values}, guarded by {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code double} array ({@code 'd'}) holding a copy of {@code values}, guarded by
     *     {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static DoubleArray ofDoubles(double[] values, SharedLock lock) {
        return DoubleArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code double} array ({@code 'd'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw {@code double} array ({@code 'd'}, no lock) holding a copy of {@code values}
     */
    public static DoubleArray rawDoubles(double... values) {
        return DoubleArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code double} array ({@code 'd'}) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized {@code double} array ({@code 'd'}) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static DoubleArray doublesOfLength(int length) {
        return (DoubleArray) CellsHandle.array(Typecode.DOUBLE, length, LockMode.OWN, null);
    }

    /**
     * A {@code double} array ({@code 'd'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code double} array ({@code 'd'}) of {@code length} zeros guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static DoubleArray doublesOfLength(int length, SharedLock lock) {
        return (DoubleArray) CellsHandle.array(Typecode.DOUBLE, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code double} array ({@code 'd'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw {@code double} array ({@code 'd'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static DoubleArray rawDoublesOfLength(int length) {
        return (DoubleArray) CellsHandle.array(Typecode.DOUBLE, length, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code float} array ({@code 'f'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized {@code float} array ({@code 'f'}) holding a copy of {@code values}
     */
    public static FloatArray ofFloats(float... values) {
        return FloatArray.make(values, LockMode.OWN, null);
    }

    /**
     * A {@code float} array ({@code 'f'}) holding a copy of {@code values}, guarded by {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code float} array ({@code 'f'}) holding a copy of {@code values}, guarded by
     *     {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static FloatArray ofFloats(float[] values, SharedLock lock) {
        return FloatArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code float} array ({@code 'f'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw {@code float} array ({@code 'f'}, no lock) holding a copy of {@code values}
     */
    public static FloatArray rawFloats(float... values) {
        return FloatArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code float} array ({@code 'f'}) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized {@code float} array ({@code 'f'}) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static FloatArray floatsOfLength(int length) {
        return (FloatArray) CellsHandle.array(Typecode.FLOAT, length, LockMode.OWN, null);
    }

    /**
     * A {@code float} array ({@code 'f'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code float} array ({@code 'f'}) of {@code length} zeros guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static FloatArray floatsOfLength(int length, SharedLock lock) {
        return (FloatArray) CellsHandle.array(Typecode.FLOAT, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code float} array ({@code 'f'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw {@code float} array ({@code 'f'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static FloatArray rawFloatsOfLength(int length) {
        return (FloatArray) CellsHandle.array(Typecode.FLOAT, length, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code short} array ({@code 'h'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized {@code short} array ({@code 'h'}) holding a copy of {@code values}
     */
    public static ShortArray ofShorts(short... values) {
        return ShortArray.make(values, LockMode.OWN, null);
    }

    /**
     * A {@code short} array ({@code 'h'}) holding a copy of {@code values}, guarded by {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code short} array ({@code 'h'}) holding a copy of {@code values}, guarded by
     *     {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static ShortArray ofShorts(short[] values, SharedLock lock) {
        return ShortArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code short} array ({@code 'h'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw {@code short} array ({@code 'h'}, no lock) holding a copy of {@code values}
     */
    public static ShortArray rawShorts(short... values) {
        return ShortArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code short} array ({@code 'h'}) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized {@code short} array ({@code 'h'}) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ShortArray shortsOfLength(int length) {
        return (ShortArray) CellsHandle.array(Typecode.SHORT, length, LockMode.OWN, null);
    }

    /**
     * A {@code short} array ({@code 'h'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code short} array ({@code 'h'}) of {@code length} zeros guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ShortArray shortsOfLength(int length, SharedLock lock) {
        return (ShortArray) CellsHandle.array(Typecode.SHORT, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code short} array ({@code 'h'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw {@code short} array ({@code 'h'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ShortArray rawShortsOfLength(int length) {
        return (ShortArray) CellsHandle.array(Typecode.SHORT, length, LockMode.NONE, null);
    }

    /**
     * A synchronized signed {@code byte} array ({@code 'b'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized signed {@code byte} array ({@code 'b'}) holding a copy of {@code
     *     values}
     */
    public static ByteArray ofBytes(byte... values) {
        return ByteArray.make(values, LockMode.OWN, null);
    }

    /**
     * A signed {@code byte} array ({@code 'b'}) holding a copy of {@code values}, guarded by {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a signed {@code byte} array ({@code 'b'}) holding a copy of {@code values}, guarded
     *     by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static ByteArray ofBytes(byte[] values, SharedLock lock) {
        return ByteArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw signed {@code byte} array ({@code 'b'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw signed {@code byte} array ({@code 'b'}, no lock) holding a copy of {@code
     *     values}
     */
    public static ByteArray rawBytes(byte... values) {
        return ByteArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized signed {@code byte} array ({@code 'b'}) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized signed {@code byte} array ({@code 'b'}) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ByteArray bytesOfLength(int length) {
        return (ByteArray) CellsHandle.array(Typecode.BYTE, length, LockMode.OWN, null);
    }

    /**
     * A signed {@code byte} array ({@code 'b'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a signed {@code byte} array ({@code 'b'}) of {@code length} zeros guarded by {@code
     *     lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ByteArray bytesOfLength(int length, SharedLock lock) {
        return (ByteArray) CellsHandle.array(Typecode.BYTE, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw signed {@code byte} array ({@code 'b'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw signed {@code byte} array ({@code 'b'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static ByteArray rawBytesOfLength(int length) {
        return (ByteArray) CellsHandle.array(Typecode.BYTE, length, LockMode.NONE, null);
    }

    /**
     * A synchronized single-byte {@code char} array ({@code 'c'}) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a synchronized single-byte {@code char} array ({@code 'c'}) holding a copy of {@code
     *     values}
     * @throws IllegalArgumentException if a value is above 255
     */
    public static CharArray ofChars(char... values) {
        return CharArray.make(values, LockMode.OWN, null);
    }

    /**
     * A single-byte {@code char} array ({@code 'c'}) holding a copy of {@code values}, guarded by
     * {@code lock}.
     *
     * @param values the initial elements, copied into the shared memory
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a single-byte {@code char} array ({@code 'c'}) holding a copy of {@code values},
     *     guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if a value is above 255
     */
    public static CharArray ofChars(char[] values, SharedLock lock) {
        return CharArray.make(values, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw single-byte {@code char} array ({@code 'c'}, no lock) holding a copy of {@code values}.
     *
     * @param values the initial elements, copied into the shared memory
     * @return a raw single-byte {@code char} array ({@code 'c'}, no lock) holding a copy of {@code
     *     values}
     * @throws IllegalArgumentException if a value is above 255
     */
    public static CharArray rawChars(char... values) {
        return CharArray.make(values, LockMode.NONE, null);
    }

    /**
     * A synchronized single-byte {@code char} array ({@code 'c'}) of {@code length} zeros (NUL).
     *
     * @param length the number of elements, 0 or more
     * @return a synchronized single-byte {@code char} array ({@code 'c'}) of {@code length} zeros
     *     (NUL)
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static CharArray charsOfLength(int length) {
        return (CharArray) CellsHandle.array(Typecode.CHAR, length, LockMode.OWN, null);
    }

    /**
     * A single-byte {@code char} array ({@code 'c'}) of {@code length} zeros guarded by {@code lock}.
     *
     * @param length the number of elements, 0 or more
     * @param lock the lock that guards the array (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a single-byte {@code char} array ({@code 'c'}) of {@code length} zeros guarded by
     *     {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static CharArray charsOfLength(int length, SharedLock lock) {
        return (CharArray) CellsHandle.array(Typecode.CHAR, length, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw single-byte {@code char} array ({@code 'c'}, no lock) of {@code length} zeros.
     *
     * @param length the number of elements, 0 or more
     * @return a raw single-byte {@code char} array ({@code 'c'}, no lock) of {@code length} zeros
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static CharArray rawCharsOfLength(int length) {
        return (CharArray) CellsHandle.array(Typecode.CHAR, length, LockMode.NONE, null);
    }
}
