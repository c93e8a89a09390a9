package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code char}, typecode {@code 'c'} (char: one byte, read and written as a Java {@code char} 0..255 (Latin-1)): Python's {@code Value('c', ...)}.
 * Made by {@link Value#ofChar(char)} (synchronized by its own {@link RLock}),
 * {@link Value#ofChar(char, SharedLock)} (a lock you supply) or {@link Value#rawChar(char)} (no lock).
 *
 * <pre>{@code
 * CharValue grade = Value.ofChar('A');                     // Python: Value('c', b'A')
 * Process p = new Process(() -> grade.set('B'));
 * }</pre>
 *
 * <p>{@link #get()} and {@link #set} are single volatile accesses and do not take the lock; hold
 * {@link #getLock()} around a compound action such as {@code set(get() + 1)}. {@link Value}
 * says why, and how this differs from CPython.
 */
public final class CharValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_BYTE.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    CharValue(SharedCells cells) {
        super(cells);
    }

    static CharValue make(char value, LockMode mode, SharedLock lock) {
        toByte(value); // before allocating
        CharValue v = new CharValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.CHAR, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value, 0..255: a volatile read of the byte. Python's {@code v.value} (there a {@code bytes} of length 1).
     *
     * @return the value, 0..255
     */
    public char get() {
        Cells r = remote;
        if (r != null) {
            return (char) ((byte) r.get(0) & 0xFF);
        }
        return (char) ((byte) VALUE.getVolatile(memory, OFFSET) & 0xFF);
    }

    /**
     * Sets the value: a volatile write of the byte. Python's {@code v.value = b'x'}.
     *
     * @param value the value to store, 0 to 255
     * @throws IllegalArgumentException if {@code value} is above 255
     */
    public void set(char value) {
        Cells r = remote;
        if (r != null) {
            r.set(0, toByte(value) & 0xFF);
            return;
        }
        VALUE.setVolatile(memory, OFFSET, toByte(value));
    }

    static byte toByte(char value) {
        if (value > 255) {
            throw new IllegalArgumentException("value='" + value + "' (" + (int) value
                    + ") does not fit typecode 'c' (a single byte): it must be 0..255");
        }
        return (byte) value;
    }

    /** The value, boxed as a {@code Character}. */
    @Override
    public Character getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'c'}
     */
    @Override
    public void setObject(Object value) {
        set((Character) Typecode.CHAR.convert(value, "value"));
    }
}
