package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code double}, typecode {@code 'd'} (double): Python's {@code Value('d', ...)}.
 * Made by {@link Value#ofDouble(double)} (synchronized by its own {@link RLock}),
 * {@link Value#ofDouble(double, SharedLock)} (a lock you supply) or {@link Value#rawDouble(double)} (no lock).
 *
 * <pre>{@code
 * DoubleValue temperature = Value.ofDouble(20.5);         // Python: Value('d', 20.5)
 * Process p = new Process(() -> {
 *     try (var _ = temperature.getLock().hold()) {
 *         temperature.set(temperature.get() + 0.5);
 *     }
 * });
 * }</pre>
 *
 * <p>{@link #get()} and {@link #set} are single volatile accesses and do not take the lock; hold
 * {@link #getLock()} around a compound action such as {@code set(get() + 1)}. {@link Value}
 * says why, and how this differs from CPython.
 */
public final class DoubleValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_DOUBLE.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    DoubleValue(SharedCells cells) {
        super(cells);
    }

    static DoubleValue make(double value, LockMode mode, SharedLock lock) {
        DoubleValue v = new DoubleValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.DOUBLE, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value: a volatile read. Python's {@code v.value}.
     *
     * @return the value last stored by any process
     */
    public double get() {
        Cells r = remote;
        if (r != null) {
            return Double.longBitsToDouble(r.get(0));
        }
        return (double) VALUE.getVolatile(memory, OFFSET);
    }

    /**
     * Sets the value: a volatile write. Python's {@code v.value = value}.
     *
     * @param value the value to store
     */
    public void set(double value) {
        Cells r = remote;
        if (r != null) {
            r.set(0, Double.doubleToRawLongBits(value));
            return;
        }
        VALUE.setVolatile(memory, OFFSET, value);
    }

    /** The value, boxed as a {@code Double}. */
    @Override
    public Double getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'd'}
     */
    @Override
    public void setObject(Object value) {
        set((Double) Typecode.DOUBLE.convert(value, "value"));
    }
}
