package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code byte}, typecode {@code 'b'} (signed char, a Java {@code byte}): Python's {@code Value('b', ...)}.
 * Made by {@link Value#ofByte(byte)} (synchronized by its own {@link RLock}),
 * {@link Value#ofByte(byte, SharedLock)} (a lock you supply) or {@link Value#rawByte(byte)} (no lock).
 *
 * <pre>{@code
 * ByteValue flag = Value.ofByte((byte) -1);                // Python: Value('b', -1)
 * Process p = new Process(() -> flag.set((byte) 1));
 * }</pre>
 *
 * <p>{@link #get()} and {@link #set} are single volatile accesses and do not take the lock; hold
 * {@link #getLock()} around a compound action such as {@code set(get() + 1)}. {@link Value}
 * says why, and how this differs from CPython.
 */
public final class ByteValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_BYTE.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    ByteValue(SharedCells cells) {
        super(cells);
    }

    static ByteValue make(byte value, LockMode mode, SharedLock lock) {
        ByteValue v = new ByteValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.BYTE, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value: a volatile read. Python's {@code v.value}.
     *
     * @return the value last stored by any process
     */
    public byte get() {
        Cells r = remote;
        if (r != null) {
            return (byte) r.get(0);
        }
        return (byte) VALUE.getVolatile(memory, OFFSET);
    }

    /**
     * Sets the value: a volatile write. Python's {@code v.value = value}.
     *
     * @param value the value to store
     */
    public void set(byte value) {
        Cells r = remote;
        if (r != null) {
            r.set(0, value);
            return;
        }
        VALUE.setVolatile(memory, OFFSET, value);
    }

    /** The value, boxed as a {@code Byte}. */
    @Override
    public Byte getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'b'}
     */
    @Override
    public void setObject(Object value) {
        set((Byte) Typecode.BYTE.convert(value, "value"));
    }
}
