package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code float}, typecode {@code 'f'} (float): Python's {@code Value('f', ...)}.
 * Made by {@link Value#ofFloat(float)} (synchronized by its own {@link RLock}),
 * {@link Value#ofFloat(float, SharedLock)} (a lock you supply) or {@link Value#rawFloat(float)} (no lock).
 *
 * <pre>{@code
 * FloatValue ratio = Value.ofFloat(0.5f);                  // Python: Value('f', 0.5)
 * Process p = new Process(() -> ratio.set(0.75f));
 * }</pre>
 *
 * <p>{@link #get()} and {@link #set} are single volatile accesses and do not take the lock; hold
 * {@link #getLock()} around a compound action such as {@code set(get() + 1)}. {@link Value}
 * says why, and how this differs from CPython.
 */
public final class FloatValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_FLOAT.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    FloatValue(SharedCells cells) {
        super(cells);
    }

    static FloatValue make(float value, LockMode mode, SharedLock lock) {
        FloatValue v = new FloatValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.FLOAT, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value: a volatile read. Python's {@code v.value}.
     *
     * @return the value last stored by any process
     */
    public float get() {
        Cells r = remote;
        if (r != null) {
            return Float.intBitsToFloat((int) r.get(0));
        }
        return (float) VALUE.getVolatile(memory, OFFSET);
    }

    /**
     * Sets the value: a volatile write. Python's {@code v.value = value}.
     *
     * @param value the value to store
     */
    public void set(float value) {
        Cells r = remote;
        if (r != null) {
            r.set(0, Float.floatToRawIntBits(value));
            return;
        }
        VALUE.setVolatile(memory, OFFSET, value);
    }

    /** The value, boxed as a {@code Float}. */
    @Override
    public Float getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'f'}
     */
    @Override
    public void setObject(Object value) {
        set((Float) Typecode.FLOAT.convert(value, "value"));
    }
}
