package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code short}, typecode {@code 'h'} (short): Python's {@code Value('h', ...)}.
 * Made by {@link Value#ofShort(short)} (synchronized by its own {@link RLock}),
 * {@link Value#ofShort(short, SharedLock)} (a lock you supply) or {@link Value#rawShort(short)} (no lock).
 *
 * <pre>{@code
 * ShortValue port = Value.ofShort((short) 8080);           // Python: Value('h', 8080)
 * Process p = new Process(() -> System.out.println(port.get()));
 * }</pre>
 *
 * <p>{@link #get()} and {@link #set} are single volatile accesses and do not take the lock; hold
 * {@link #getLock()} around a compound action such as {@code set(get() + 1)}. {@link Value}
 * says why, and how this differs from CPython.
 */
public final class ShortValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_SHORT.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    ShortValue(SharedCells cells) {
        super(cells);
    }

    static ShortValue make(short value, LockMode mode, SharedLock lock) {
        ShortValue v = new ShortValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.SHORT, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value: a volatile read. Python's {@code v.value}.
     *
     * @return the value last stored by any process
     */
    public short get() {
        Cells r = remote;
        if (r != null) {
            return (short) r.get(0);
        }
        return (short) VALUE.getVolatile(memory, OFFSET);
    }

    /**
     * Sets the value: a volatile write. Python's {@code v.value = value}.
     *
     * @param value the value to store
     */
    public void set(short value) {
        Cells r = remote;
        if (r != null) {
            r.set(0, value);
            return;
        }
        VALUE.setVolatile(memory, OFFSET, value);
    }

    /** The value, boxed as a {@code Short}. */
    @Override
    public Short getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'h'}
     */
    @Override
    public void setObject(Object value) {
        set((Short) Typecode.SHORT.convert(value, "value"));
    }
}
