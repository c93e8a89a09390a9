package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.internal.local.CellsLayout;
import org.multiprocessing4j.internal.local.LocalCells.LockMode;
import org.multiprocessing4j.internal.local.Typecode;
import org.multiprocessing4j.spi.Cells;

/**
 * A single number in shared memory, as Python's {@code multiprocessing.Value}: made in one process,
 * read and written by every process it is passed to. The factories here make the typed forms
 * ({@link IntValue}, {@link LongValue}, {@link DoubleValue}, {@link FloatValue}, {@link ShortValue},
 * {@link ByteValue}, {@link CharValue}); {@link #of(char, Object)} is Python's spelling with a
 * typecode.
 *
 * <pre>{@code
 * IntValue counter = Value.ofInt(0);                 // Python: Value('i', 0)
 * Process p = new Process(() -> {
 *     try (var _ = counter.getLock().hold()) {       // Python: with counter.get_lock():
 *         counter.set(counter.get() + 1);            //             counter.value += 1
 *     }
 * });
 * p.start();
 * p.join();
 * System.out.println(counter.get());                 // 1
 * }</pre>
 *
 * <h2>Typecodes</h2>
 * <table>
 * <caption>Typecodes and their Java types</caption>
 * <tr><th>typecode</th><th>C type</th><th>typed form</th><th>element</th></tr>
 * <tr><td>{@code 'b'}</td><td>signed char</td><td>{@link ByteValue}</td><td>{@code byte}</td></tr>
 * <tr><td>{@code 'c'}</td><td>char</td><td>{@link CharValue}</td><td>{@code char} 0..255 (one byte, Latin-1)</td></tr>
 * <tr><td>{@code 'h'}</td><td>short</td><td>{@link ShortValue}</td><td>{@code short}</td></tr>
 * <tr><td>{@code 'i'}</td><td>int</td><td>{@link IntValue}</td><td>{@code int}</td></tr>
 * <tr><td>{@code 'l'}</td><td>long (64-bit on Linux)</td><td>{@link LongValue}</td><td>{@code long}</td></tr>
 * <tr><td>{@code 'f'}</td><td>float</td><td>{@link FloatValue}</td><td>{@code float}</td></tr>
 * <tr><td>{@code 'd'}</td><td>double</td><td>{@link DoubleValue}</td><td>{@code double}</td></tr>
 * </table>
 *
 * <h2>Locking</h2>
 * As in CPython, a value is synchronized by default: {@link #getLock()} returns the {@link RLock}
 * guarding it, which lives in the value's own segment. {@code Value.ofInt(0, lock)} uses a lock
 * you supply (several values may share one); {@code Value.rawInt(0)} (Python's
 * {@code RawValue}, {@code lock=False}) has none, and its {@code getLock()} throws
 * {@link UnsupportedOperationException} (CPython raises {@code AttributeError}).
 *
 * <p>Unlike CPython's synchronized wrapper, {@code get()} and {@code set()} do not take the lock:
 * each is one volatile read or write of a naturally aligned word, atomic on its own, and costs a
 * few nanoseconds instead of a lock round trip. The lock is for compound actions: hold it around
 * a read-modify-write such as {@code set(get() + 1)}. The difference is visible only to a reader
 * that runs while another process holds the lock across several writes: CPython's reader waits,
 * this one sees the latest write. {@link IntValue} and {@link LongValue} also have lock-free atomic
 * updates ({@code incrementAndGet}, {@code compareAndSet}, ...).
 *
 * <h2>Passing and lifetime</h2>
 * A value is a serializable handle to its segment: capture it in a {@link Process} target, pass it
 * to a pool task or through a queue, and every copy reads and writes the same memory. The
 * segment is removed when the creating process exits, so a value must not outlive its creator.
 *
 * <h2>In the cluster context</h2>
 * Made in a context with a backend (the Hazelcast cluster), a value is an entry of the cluster's
 * cell map, read and changed by entry processors on the member that owns it: every {@code get},
 * {@code set} and atomic update is one round trip, atomic on its own, and survives the loss of
 * one member (one backup). Its own lock is a cluster {@link RLock}, so {@code try (var _ =
 * v.getLock().hold()) { v.set(v.get() + 1); }} excludes across members. The entry is not removed
 * when its creator exits. Consistency is Hazelcast's (AP, not linearizable across a network split).
 *
 * <h2>Memory consistency</h2>
 * A {@code set} (or atomic update) in one process happens-before a {@code get} in any process that
 * reads the value it wrote, as for a {@code volatile} field.
 */
public abstract sealed class Value implements Serializable
        permits IntValue, LongValue, DoubleValue, FloatValue, ShortValue, ByteValue, CharValue {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The value's cell: cell 0 of cells of the context it was made in; never null. */
    final transient Cells cells;
    /** The guarding lock; null for a raw value. */
    final transient SharedLock lock;

    Value(Cells cells, SharedLock lock) {
        this.cells = cells;
        this.lock = lock;
    }

    /** The typecode of this typed class. */
    final Typecode type() {
        return switch (this) {
            case IntValue _ -> Typecode.INT;
            case LongValue _ -> Typecode.LONG;
            case DoubleValue _ -> Typecode.DOUBLE;
            case FloatValue _ -> Typecode.FLOAT;
            case ShortValue _ -> Typecode.SHORT;
            case ByteValue _ -> Typecode.BYTE;
            case CharValue _ -> Typecode.CHAR;
        };
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
     * The lock guarding this value: its own {@link RLock} by default, or the lock supplied when it
     * was made. Python's {@code get_lock()}.
     *
     * @return the lock guarding this value
     * @throws UnsupportedOperationException if it was made without a lock (a raw value)
     */
    public final SharedLock getLock() {
        SharedLock l = lock;
        if (l == null) {
            throw CellsHandle.noLock(getClass().getSimpleName(), cells);
        }
        return l;
    }

    /**
     * Whether it has a lock: false for a raw value (Python's {@code RawValue}).
     *
     * @return whether it has a lock
     */
    public final boolean hasLock() {
        return lock != null;
    }

    /**
     * The value, boxed: Python's {@code .value}. An {@code Integer} for {@code 'i'}, a
     * {@code Character} for {@code 'c'}, and so on (see the table above).
     *
     * @return the value, boxed
     */
    public abstract Object getObject();

    /**
     * Sets the value from a boxed one: Python's {@code .value = v}. Integer typecodes take integral
     * numbers in range, {@code 'f'} and {@code 'd'} any number, {@code 'c'} a {@code Character}
     * 0..255 (or a number 0..255, or a {@code String}/{@code byte[]} of length 1).
     *
     * @param value the value to store
     * @throws IllegalArgumentException if {@code value} is null, of another type, not an integer
     *     where one is needed, or out of the typecode's range
     */
    public abstract void setObject(Object value);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + getObject() + "]";
    }

    /**
     * The serialized form: a handle naming the shared segment, so that the copy in another process
     * sees the same memory.
     *
     * @return the handle to serialize in this value's place
     */
    @Serial
    final Object writeReplace() {
        return CellsHandle.of(CellsLayout.VALUE_KIND, type(), cells, lock);
    }

    /** The typed value of {@code typecode} over {@code cells}. */
    static Value wrap(Typecode typecode, Cells cells, SharedLock lock) {
        return switch (typecode) {
            case INT -> new IntValue(cells, lock);
            case LONG -> new LongValue(cells, lock);
            case DOUBLE -> new DoubleValue(cells, lock);
            case FLOAT -> new FloatValue(cells, lock);
            case SHORT -> new ShortValue(cells, lock);
            case BYTE -> new ByteValue(cells, lock);
            case CHAR -> new CharValue(cells, lock);
        };
    }

    // Python spelling

    /**
     * A synchronized value of {@code typecode}, zero: Python's {@code Value('i')}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @return a synchronized value of {@code typecode}, zero
     * @throws IllegalArgumentException if the typecode is not one of b, c, h, i, l, f, d
     */
    public static Value of(char typecode) {
        return of(typecode, null, LockMode.OWN, null);
    }

    /**
     * A synchronized value of {@code typecode} set to {@code value}: Python's {@code Value('i', 0)}.
     * The result is the typed form ({@link IntValue} for {@code 'i'}, ...).
     *
     * <pre>{@code
     * Value v = Value.of('d', 1.5);
     * v.setObject(2.5);
     * double d = ((DoubleValue) v).get();
     * }</pre>
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param value the initial value, boxed ({@code Integer} for {@code 'i'}, ...)
     * @return a synchronized value of {@code typecode} set to {@code value}
     * @throws IllegalArgumentException if the typecode is unknown or the value does not convert
     *     (see {@link #setObject(Object)})
     */
    public static Value of(char typecode, Object value) {
        return of(typecode, value, LockMode.OWN, null);
    }

    /**
     * A value of {@code typecode} set to {@code value}, with its own {@link RLock} if {@code lock}
     * is true, else raw: Python's {@code Value('i', 0, lock=False)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param value the initial value, boxed ({@code Integer} for {@code 'i'}, ...)
     * @param lock true for an object with its own {@link RLock}, false for a raw one (no lock)
     * @return a value of {@code typecode} set to {@code value}, with its own {@link RLock} if
     *     {@code lock} is true, else raw
     * @throws IllegalArgumentException if the typecode is unknown or the value does not convert
     */
    public static Value of(char typecode, Object value, boolean lock) {
        return of(typecode, value, CellsHandle.mode(lock), null);
    }

    /**
     * A value of {@code typecode} set to {@code value}, guarded by {@code lock}: Python's
     * {@code Value('i', 0, lock=lock)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param value the initial value, boxed ({@code Integer} for {@code 'i'}, ...)
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a value of {@code typecode} set to {@code value}, guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if the typecode is unknown or the value does not convert
     */
    public static Value of(char typecode, Object value, SharedLock lock) {
        return of(typecode, value, LockMode.SUPPLIED, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /**
     * A raw value (no lock) of {@code typecode} set to {@code value}: Python's
     * {@code RawValue('i', 0)}.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param value the initial value
     * @return a raw value (no lock) of {@code typecode} set to {@code value}
     * @throws IllegalArgumentException if the typecode is unknown or the value does not convert
     */
    public static Value raw(char typecode, Object value) {
        return of(typecode, value, LockMode.NONE, null);
    }

    private static Value of(char typecode, Object value, LockMode mode, SharedLock lock) {
        Typecode t = Typecode.of(typecode);
        Object converted = value == null ? null : t.convert(value, "value"); // before allocating
        Value v = CellsHandle.value(t, mode, lock);
        if (converted != null) {
            v.setObject(converted);
        }
        return v;
    }

    // Typed factories: ofX(v) synchronized by its own RLock, ofX(v, lock) by a supplied lock, rawX(v) without.

    /**
     * A synchronized {@code int} ({@code 'i'}): Python's {@code Value('i', value)}.
     *
     * @param value the initial value
     * @return a synchronized {@code int} ({@code 'i'})
     */
    public static IntValue ofInt(int value) {
        return IntValue.make(value, LockMode.OWN, null);
    }

    /**
     * An {@code int} ({@code 'i'}) guarded by {@code lock}.
     *
     * @param value the initial value
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return an {@code int} ({@code 'i'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static IntValue ofInt(int value, SharedLock lock) {
        return IntValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code int} ({@code 'i'}) without a lock: Python's {@code RawValue('i', value)}.
     *
     * @param value the initial value
     * @return a raw {@code int} ({@code 'i'}) without a lock
     */
    public static IntValue rawInt(int value) {
        return IntValue.make(value, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code long} ({@code 'l'}): Python's {@code Value('l', value)}.
     *
     * @param value the initial value
     * @return a synchronized {@code long} ({@code 'l'})
     */
    public static LongValue ofLong(long value) {
        return LongValue.make(value, LockMode.OWN, null);
    }

    /**
     * A {@code long} ({@code 'l'}) guarded by {@code lock}.
     *
     * @param value the initial value
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code long} ({@code 'l'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static LongValue ofLong(long value, SharedLock lock) {
        return LongValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code long} ({@code 'l'}) without a lock.
     *
     * @param value the initial value
     * @return a raw {@code long} ({@code 'l'}) without a lock
     */
    public static LongValue rawLong(long value) {
        return LongValue.make(value, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code double} ({@code 'd'}): Python's {@code Value('d', value)}.
     *
     * @param value the initial value
     * @return a synchronized {@code double} ({@code 'd'})
     */
    public static DoubleValue ofDouble(double value) {
        return DoubleValue.make(value, LockMode.OWN, null);
    }

    /**
     * A {@code double} ({@code 'd'}) guarded by {@code lock}.
     *
     * @param value the initial value
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code double} ({@code 'd'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static DoubleValue ofDouble(double value, SharedLock lock) {
        return DoubleValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code double} ({@code 'd'}) without a lock.
     *
     * @param value the initial value
     * @return a raw {@code double} ({@code 'd'}) without a lock
     */
    public static DoubleValue rawDouble(double value) {
        return DoubleValue.make(value, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code float} ({@code 'f'}): Python's {@code Value('f', value)}.
     *
     * @param value the initial value
     * @return a synchronized {@code float} ({@code 'f'})
     */
    public static FloatValue ofFloat(float value) {
        return FloatValue.make(value, LockMode.OWN, null);
    }

    /**
     * A {@code float} ({@code 'f'}) guarded by {@code lock}.
     *
     * @param value the initial value
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code float} ({@code 'f'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static FloatValue ofFloat(float value, SharedLock lock) {
        return FloatValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code float} ({@code 'f'}) without a lock.
     *
     * @param value the initial value
     * @return a raw {@code float} ({@code 'f'}) without a lock
     */
    public static FloatValue rawFloat(float value) {
        return FloatValue.make(value, LockMode.NONE, null);
    }

    /**
     * A synchronized {@code short} ({@code 'h'}): Python's {@code Value('h', value)}.
     *
     * @param value the initial value
     * @return a synchronized {@code short} ({@code 'h'})
     */
    public static ShortValue ofShort(short value) {
        return ShortValue.make(value, LockMode.OWN, null);
    }

    /**
     * A {@code short} ({@code 'h'}) guarded by {@code lock}.
     *
     * @param value the initial value
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a {@code short} ({@code 'h'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static ShortValue ofShort(short value, SharedLock lock) {
        return ShortValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw {@code short} ({@code 'h'}) without a lock.
     *
     * @param value the initial value
     * @return a raw {@code short} ({@code 'h'}) without a lock
     */
    public static ShortValue rawShort(short value) {
        return ShortValue.make(value, LockMode.NONE, null);
    }

    /**
     * A synchronized signed {@code byte} ({@code 'b'}): Python's {@code Value('b', value)}.
     *
     * @param value the initial value
     * @return a synchronized signed {@code byte} ({@code 'b'})
     */
    public static ByteValue ofByte(byte value) {
        return ByteValue.make(value, LockMode.OWN, null);
    }

    /**
     * A signed {@code byte} ({@code 'b'}) guarded by {@code lock}.
     *
     * @param value the initial value
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a signed {@code byte} ({@code 'b'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     */
    public static ByteValue ofByte(byte value, SharedLock lock) {
        return ByteValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw signed {@code byte} ({@code 'b'}) without a lock.
     *
     * @param value the initial value
     * @return a raw signed {@code byte} ({@code 'b'}) without a lock
     */
    public static ByteValue rawByte(byte value) {
        return ByteValue.make(value, LockMode.NONE, null);
    }

    /**
     * A synchronized single-byte {@code char} ({@code 'c'}): Python's {@code Value('c', b'x')}.
     *
     * @param value the initial value, 0 to 255
     * @return a synchronized single-byte {@code char} ({@code 'c'})
     * @throws IllegalArgumentException if {@code value} is above 255
     */
    public static CharValue ofChar(char value) {
        return CharValue.make(value, LockMode.OWN, null);
    }

    /**
     * A single-byte {@code char} ({@code 'c'}) guarded by {@code lock}.
     *
     * @param value the initial value, 0 to 255
     * @param lock the lock that guards the value (a {@link Lock} or {@link RLock} of the current
     *     context, possibly shared with other objects)
     * @return a single-byte {@code char} ({@code 'c'}) guarded by {@code lock}
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code value} is above 255
     */
    public static CharValue ofChar(char value, SharedLock lock) {
        return CharValue.make(value, LockMode.SUPPLIED, lock);
    }

    /**
     * A raw single-byte {@code char} ({@code 'c'}) without a lock.
     *
     * @param value the initial value, 0 to 255
     * @return a raw single-byte {@code char} ({@code 'c'}) without a lock
     * @throws IllegalArgumentException if {@code value} is above 255
     */
    public static CharValue rawChar(char value) {
        return CharValue.make(value, LockMode.NONE, null);
    }
}
