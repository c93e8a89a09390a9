package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code int}, typecode {@code 'i'} (int): Python's {@code Value('i', ...)}.
 * Made by {@link Value#ofInt(int)} (synchronized by its own {@link RLock}),
 * {@link Value#ofInt(int, SharedLock)} (a lock you supply) or {@link Value#rawInt(int)} (no lock).
 *
 * <pre>{@code
 * IntValue hits = Value.ofInt(0);
 * Process p = new Process(() -> hits.incrementAndGet());   // lock-free
 * p.start();
 * p.join();
 * try (var _ = hits.getLock().hold()) {                    // or a compound action under the lock
 *     hits.set(hits.get() * 2);
 * }
 * }</pre>
 *
 * <p>{@link #get()} and {@link #set} are single volatile accesses and do not take the lock; hold
 * {@link #getLock()} around a compound action such as {@code set(get() + 1)}. {@link Value}
 * says why, and how this differs from CPython.
 *
 * <p>The atomic updates ({@link #incrementAndGet()}, {@link #compareAndSet}, ...) go beyond CPython:
 * each is one lock-free atomic instruction on the shared word, atomic with respect to every thread
 * of every process, and faster than taking the lock. They do not take {@link #getLock()}: a
 * read-modify-write done under the lock is not protected from them.
 */
public final class IntValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_INT.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    IntValue(SharedCells cells) {
        super(cells);
    }

    static IntValue make(int value, LockMode mode, SharedLock lock) {
        IntValue v = new IntValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.INT, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value: a volatile read. Python's {@code v.value}.
     *
     * @return the value last stored by any process
     */
    public int get() {
        Cells r = remote;
        if (r != null) {
            return (int) r.get(0);
        }
        return (int) VALUE.getVolatile(memory, OFFSET);
    }

    /**
     * Sets the value: a volatile write. Python's {@code v.value = value}.
     *
     * @param value the value to store
     */
    public void set(int value) {
        Cells r = remote;
        if (r != null) {
            r.set(0, value);
            return;
        }
        VALUE.setVolatile(memory, OFFSET, value);
    }

    /**
     * Atomically adds one; returns the new value. Lock-free.
     *
     * @return the value after the update
     */
    public int incrementAndGet() {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(0, 1) + 1;
        }
        return (int) VALUE.getAndAdd(memory, OFFSET, 1) + 1;
    }

    /**
     * Atomically adds one; returns the previous value. Lock-free.
     *
     * @return the value before the update
     */
    public int getAndIncrement() {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(0, 1);
        }
        return (int) VALUE.getAndAdd(memory, OFFSET, 1);
    }

    /**
     * Atomically subtracts one; returns the new value. Lock-free.
     *
     * @return the value after the update
     */
    public int decrementAndGet() {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(0, -1) - 1;
        }
        return (int) VALUE.getAndAdd(memory, OFFSET, -1) - 1;
    }

    /**
     * Atomically subtracts one; returns the previous value. Lock-free.
     *
     * @return the value before the update
     */
    public int getAndDecrement() {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(0, -1);
        }
        return (int) VALUE.getAndAdd(memory, OFFSET, -1);
    }

    /**
     * Atomically adds {@code delta} (wrapping on overflow); returns the new value. Lock-free.
     *
     * @param delta the amount to add (negative to subtract)
     * @return the value after the update
     */
    public int addAndGet(int delta) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(0, delta) + delta;
        }
        return (int) VALUE.getAndAdd(memory, OFFSET, delta) + delta;
    }

    /**
     * Atomically adds {@code delta} (wrapping on overflow); returns the previous value. Lock-free.
     *
     * @param delta the amount to add (negative to subtract)
     * @return the value before the update
     */
    public int getAndAdd(int delta) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndAdd(0, delta);
        }
        return (int) VALUE.getAndAdd(memory, OFFSET, delta);
    }

    /**
     * Atomically sets the value to {@code newValue} if it is {@code expected}. Lock-free.
     *
     * @param expected the value the element must hold for the update to happen
     * @param newValue the value to store
     * @return whether it was set
     */
    public boolean compareAndSet(int expected, int newValue) {
        Cells r = remote;
        if (r != null) {
            return SharedCells.compareAndSetInt(r, 0, expected, newValue);
        }
        return VALUE.compareAndSet(memory, OFFSET, expected, newValue);
    }

    /**
     * Atomically sets the value to {@code newValue}; returns the previous value. Lock-free.
     *
     * @param newValue the value to store
     * @return the value before the update
     */
    public int getAndSet(int newValue) {
        Cells r = remote;
        if (r != null) {
            return (int) r.getAndSet(0, newValue);
        }
        return (int) VALUE.getAndSet(memory, OFFSET, newValue);
    }

    /** The value, boxed as a {@code Integer}. */
    @Override
    public Integer getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'i'}
     */
    @Override
    public void setObject(Object value) {
        set((Integer) Typecode.INT.convert(value, "value"));
    }
}
