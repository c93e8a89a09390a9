package org.multiprocessing4j.internal.local;

import java.io.InvalidObjectException;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.spi.Cells;

/**
 * The local context's {@link Cells}: the elements of a {@link org.multiprocessing4j.Value} or
 * {@link org.multiprocessing4j.Array} in a shared segment laid out as {@link CellsLayout} says,
 * with the own lock's mutex at offset 0 when it has one ({@link #ownLock()}).
 *
 * <p>The elements keep CPython's sizes ({@link Typecode#size}); the 64-bit cells of the SPI are
 * their values as {@link Typecode#toBits} defines them (integers sign-extended, {@code 'c'}
 * 0..255, {@code 'f'} and {@code 'd'} as their raw bits). Each access is a single volatile or
 * atomic access to the element, chosen by its width; the typed public classes call them through
 * the {@link Cells} interface, whose only implementation in a local JVM this final class is, so
 * the JIT binds the call statically from its first tier on. Atomic
 * updates ({@link #getAndAdd}, {@link #getAndSet}, {@link #compareAndSet}) exist for 32- and 64-bit
 * elements ({@code 'i'}, {@code 'l'}, and the raw bits of {@code 'f'} and {@code 'd'}).
 *
 * <p>Its handle is the segment's name, or the manager's reference when a manager owns it; both are
 * resolved back by {@link LocalBackend#resolveCells}.
 */
public final class LocalCells implements Cells {
    private static final VarHandle I8 = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle I16 = ValueLayout.JAVA_SHORT.varHandle();
    private static final VarHandle I32 = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle I64 = ValueLayout.JAVA_LONG.varHandle();
    /** {@link #form}: {@code 'b'}, one signed byte. */
    private static final int INT8 = 0;
    /** {@link #form}: {@code 'c'}, one byte read as 0..255. */
    private static final int UINT8 = 1;
    /** {@link #form}: {@code 'h'}, a signed 16-bit short. */
    private static final int INT16 = 2;
    /** {@link #form}: {@code 'i'} and {@code 'f'} (its raw bits), 32 bits sign-extended to a cell. */
    private static final int INT32 = 3;
    /** {@link #form}: {@code 'l'} and {@code 'd'} (its raw bits), 64 bits. */
    private static final int INT64 = 4;

    /** How a Value or Array is guarded; its ordinal is the {@link CellsLayout#LOCK_MODE} word. */
    public enum LockMode {
        /** Its own RLock, in the same segment at {@link CellsLayout#MUTEX} (the default). */
        OWN,
        /** A lock the caller supplied. */
        SUPPLIED,
        /** No lock: Python's {@code RawValue}/{@code RawArray} ({@code lock=False}). */
        NONE
    }

    private final SharedSegment segment;
    /** The segment's data: descriptor and elements. */
    final MemorySegment memory;
    /**
     * {@link #memory} from {@link CellsLayout#DATA} on, exactly the elements: its own bounds check
     * is the check of an index (a negative one or one at or above {@link #length} fails it).
     */
    final MemorySegment elements;
    /** The number of elements. */
    final int length;
    private final int kind;
    private final Typecode typecode;
    private final LockMode mode;
    private final LocalMutex ownLock;
    /** How an element is stored: {@link #INT8} .. {@link #INT64}. */
    private final int form;
    private volatile OwnedSegmentRef managed;

    private LocalCells(SharedSegment segment, int kind, Typecode typecode, int length, LockMode mode) {
        this.segment = segment;
        this.memory = segment.data();
        this.elements = memory.asSlice(CellsLayout.DATA, (long) length * typecode.size);
        this.kind = kind;
        this.typecode = typecode;
        this.length = length;
        this.mode = mode;
        this.ownLock = mode == LockMode.OWN ? LocalMutex.at(segment, true) : null;
        this.form = switch (typecode) {
            case BYTE -> INT8;
            case CHAR -> UINT8;
            case SHORT -> INT16;
            case INT, FLOAT -> INT32;
            case LONG, DOUBLE -> INT64;
        };
    }

    private static LocalCells of(SharedSegment s, int kind, Typecode t, int length, LockMode mode) {
        return new LocalCells(s, kind, t, length, mode);
    }

    /**
     * New cells in a new segment: {@code length} zeroed elements of {@code typecode}.
     *
     * @param kind {@link CellsLayout#VALUE_KIND} or {@link CellsLayout#ARRAY_KIND}
     * @param typecode the element type
     * @param length the number of elements, 0 or more
     * @param mode how the value or array is guarded; {@code OWN} initializes the own mutex
     * @return the new cells
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static LocalCells create(int kind, Typecode typecode, int length, LockMode mode) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " must be >= 0");
        }
        SharedSegment segment = SharedSegments.create(CellsLayout.DATA + (long) length * typecode.size);
        MemorySegment m = segment.data();
        m.set(ValueLayout.JAVA_INT, CellsLayout.KIND, kind);
        m.set(ValueLayout.JAVA_INT, CellsLayout.TYPECODE, typecode.code);
        m.set(ValueLayout.JAVA_INT, CellsLayout.LENGTH, length);
        m.set(ValueLayout.JAVA_INT, CellsLayout.LOCK_MODE, mode.ordinal());
        VarHandle.releaseFence();
        return of(segment, kind, typecode, length, mode);
    }

    /**
     * The cells in the segment {@code name}, made by another process, after checking that its
     * descriptor is what the handle says.
     *
     * @throws InvalidObjectException if the segment does not hold such cells
     */
    static LocalCells attach(String name, int kind, Typecode typecode, int length, LockMode mode, OwnedSegmentRef managed)
            throws InvalidObjectException {
        SharedSegment s = SharedSegments.attach(name);
        MemorySegment m = s.data();
        if (m.byteSize() < CellsLayout.DATA + (long) length * typecode.size
                || m.get(ValueLayout.JAVA_INT, CellsLayout.KIND) != kind
                || m.get(ValueLayout.JAVA_INT, CellsLayout.TYPECODE) != typecode.code
                || m.get(ValueLayout.JAVA_INT, CellsLayout.LENGTH) != length
                || m.get(ValueLayout.JAVA_INT, CellsLayout.LOCK_MODE) != mode.ordinal()) {
            throw new InvalidObjectException("shared memory name=" + name + " does not hold the "
                    + (kind == CellsLayout.VALUE_KIND ? "value" : "array") + " its handle describes (typecode "
                    + typecode + ", length=" + length + ", lock " + mode + ")");
        }
        LocalCells cells = of(s, kind, typecode, length, mode);
        cells.managed = managed;
        if (managed != null && cells.ownLock != null && managed.inner() instanceof OwnedSegmentRef lock) {
            cells.ownLock.managedBy(lock);
        }
        return cells;
    }

    /** The {@link IndexOutOfBoundsException} for {@code index}, to throw. */
    static IndexOutOfBoundsException outOfBounds(int index, int length) {
        return new IndexOutOfBoundsException("index=" + index + ", length=" + length);
    }

    /**
     * The {@link IndexOutOfBoundsException} for {@code index} of these cells, to throw.
     *
     * <p>Each access below is one VarHandle access to {@link #elements}, whose own bounds check
     * rejects a bad index, rethrown as this. So an access costs no more than the segment's check (a
     * Value's, index 0, no check of its own at all), and each method stays small enough for the
     * JIT's first tier to inline it, which counts while the caller is not yet fully compiled.
     */
    private IndexOutOfBoundsException outOfBounds(int index) {
        return outOfBounds(index, length);
    }

    /**
     * The element type.
     *
     * @return the element type
     */
    public Typecode typecode() {
        return typecode;
    }

    /**
     * {@link CellsLayout#VALUE_KIND} or {@link CellsLayout#ARRAY_KIND}.
     *
     * @return the kind word
     */
    public int kind() {
        return kind;
    }

    /**
     * How the value or array is guarded, as recorded in the segment.
     *
     * @return the lock mode
     */
    public LockMode mode() {
        return mode;
    }

    /**
     * The own RLock's mutex, at offset 0 of the same segment, or null unless the mode is {@code OWN}.
     *
     * @return the own mutex, or null
     */
    @Override
    public LocalMutex ownLock() {
        return ownLock;
    }

    /**
     * The segment's name.
     *
     * @return the segment's name
     */
    public String name() {
        return segment.name();
    }

    /**
     * Marks these cells as owned by a manager: their handle becomes {@code ref}.
     *
     * @param ref the manager's reference to ship in place of the segment's name
     */
    public void managedBy(OwnedSegmentRef ref) {
        this.managed = ref;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public long[] snapshot() {
        long[] out = new long[length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * Copies {@code n} elements from {@code index} on into {@code dst}, a Java array of the
     * element type ({@code char[]} for {@code 'c'}), in one bulk copy; not atomic as a whole.
     *
     * @param index the first element
     * @param dst the Java array
     * @param dstIndex the first position to write in {@code dst}
     * @param n the number of elements; the caller checked both ranges
     */
    public void copyTo(int index, Object dst, int dstIndex, int n) {
        long at = CellsLayout.DATA + (long) index * typecode.size;
        if (dst instanceof char[] chars) {
            for (int i = 0; i < n; i++) {
                chars[dstIndex + i] = (char) (memory.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF);
            }
            return;
        }
        MemorySegment.copy(memory, typecode.layout, at, dst, dstIndex, n);
    }

    /**
     * Copies {@code n} elements of {@code src}, a Java array of the element type ({@code char[]}
     * of chars 0..255 for {@code 'c'}), into the cells from {@code index} on, in one bulk copy.
     *
     * @param src the Java array
     * @param srcIndex the first position to read in {@code src}
     * @param index the element that receives {@code src[srcIndex]}
     * @param n the number of elements; the caller checked both ranges and the values
     */
    public void copyFrom(Object src, int srcIndex, int index, int n) {
        long at = CellsLayout.DATA + (long) index * typecode.size;
        if (src instanceof char[] chars) {
            for (int i = 0; i < n; i++) {
                memory.set(ValueLayout.JAVA_BYTE, at + i, (byte) chars[srcIndex + i]);
            }
            return;
        }
        MemorySegment.copy(src, srcIndex, memory, typecode.layout, at, n);
    }

    @Override
    public Serializable handle() {
        OwnedSegmentRef m = managed;
        return m != null ? m : segment.name();
    }

    @Override
    public String toString() {
        return segment.name() + " (typecode " + typecode + ", length=" + length + ")";
    }

    /** No atomic update on elements narrower than 32 bits. */
    private UnsupportedOperationException noAtomics(String op) {
        return new UnsupportedOperationException(op + " on typecode " + typecode + ": only 32- and 64-bit elements"
                + " ('i', 'l', 'f', 'd') have atomic updates");
    }

    @Override
    public long get(int index) {
        try {
            return switch (form) {
                case INT32 -> (int) I32.getVolatile(elements, (long) index << 2);
                case INT64 -> (long) I64.getVolatile(elements, (long) index << 3);
                case INT8 -> (byte) I8.getVolatile(elements, (long) index);
                case UINT8 -> (byte) I8.getVolatile(elements, (long) index) & 0xFF;
                default -> (short) I16.getVolatile(elements, (long) index << 1);
            };
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(index);
        }
    }

    @Override
    public void set(int index, long bits) {
        try {
            switch (form) {
                case INT32 -> I32.setVolatile(elements, (long) index << 2, (int) bits);
                case INT64 -> I64.setVolatile(elements, (long) index << 3, bits);
                case INT8, UINT8 -> I8.setVolatile(elements, (long) index, (byte) bits);
                default -> I16.setVolatile(elements, (long) index << 1, (short) bits);
            }
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(index);
        }
    }

    @Override
    public long getAndAdd(int index, long delta) {
        try {
            return switch (form) {
                case INT32 -> (int) I32.getAndAdd(elements, (long) index << 2, (int) delta);
                case INT64 -> (long) I64.getAndAdd(elements, (long) index << 3, delta);
                default -> throw noAtomics("getAndAdd");
            };
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(index);
        }
    }

    @Override
    public long getAndSet(int index, long bits) {
        try {
            return switch (form) {
                case INT32 -> (int) I32.getAndSet(elements, (long) index << 2, (int) bits);
                case INT64 -> (long) I64.getAndSet(elements, (long) index << 3, bits);
                default -> throw noAtomics("getAndSet");
            };
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(index);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A 32-bit element compares as its sign-extended cell: {@code expected} outside the int
     * range never matches.
     */
    @Override
    public boolean compareAndSet(int index, long expected, long bits) {
        try {
            return switch (form) {
                case INT32 -> expected == (int) expected
                        && I32.compareAndSet(elements, (long) index << 2, (int) expected, (int) bits);
                case INT64 -> I64.compareAndSet(elements, (long) index << 3, expected, bits);
                default -> throw noAtomics("compareAndSet");
            };
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(index);
        }
    }
}
