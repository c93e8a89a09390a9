package org.multiprocessing4j;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.SharedCells.LockMode;
import org.multiprocessing4j.spi.Cells;

/**
 * A shared {@code long}, typecode {@code 'l'} (long (64-bit on Linux, as C's long)): Python's {@code Value('l', ...)}.
 * Made by {@link Value#ofLong(long)} (synchronized by its own {@link RLock}),
 * {@link Value#ofLong(long, SharedLock)} (a lock you supply) or {@link Value#rawLong(long)} (no lock).
 *
 * <pre>{@code
 * LongValue total = Value.ofLong(0);                      // Python: Value('l', 0)
 * Process p = new Process(() -> total.addAndGet(1L << 40)); // lock-free
 * p.start();
 * p.join();
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
public final class LongValue extends Value {
    private static final VarHandle VALUE = ValueLayout.JAVA_LONG.varHandle();
    private static final long OFFSET = SharedCells.DATA_OFFSET;

    LongValue(SharedCells cells) {
        super(cells);
    }

    static LongValue make(long value, LockMode mode, SharedLock lock) {
        LongValue v = new LongValue(SharedCells.create(SharedCells.VALUE_KIND, Typecode.LONG, 1, mode, lock));
        v.set(value);
        return v;
    }

    /**
     * The value: a volatile read. Python's {@code v.value}.
     *
     * @return the value last stored by any process
     */
    public long get() {
        Cells r = remote;
        if (r != null) {
            return r.get(0);
        }
        return (long) VALUE.getVolatile(memory, OFFSET);
    }

    /**
     * Sets the value: a volatile write. Python's {@code v.value = value}.
     *
     * @param value the value to store
     */
    public void set(long value) {
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
    public long incrementAndGet() {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(0, 1L) + 1L;
        }
        return (long) VALUE.getAndAdd(memory, OFFSET, 1L) + 1L;
    }

    /**
     * Atomically adds one; returns the previous value. Lock-free.
     *
     * @return the value before the update
     */
    public long getAndIncrement() {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(0, 1L);
        }
        return (long) VALUE.getAndAdd(memory, OFFSET, 1L);
    }

    /**
     * Atomically subtracts one; returns the new value. Lock-free.
     *
     * @return the value after the update
     */
    public long decrementAndGet() {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(0, -1L) - 1L;
        }
        return (long) VALUE.getAndAdd(memory, OFFSET, -1L) - 1L;
    }

    /**
     * Atomically subtracts one; returns the previous value. Lock-free.
     *
     * @return the value before the update
     */
    public long getAndDecrement() {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(0, -1L);
        }
        return (long) VALUE.getAndAdd(memory, OFFSET, -1L);
    }

    /**
     * Atomically adds {@code delta} (wrapping on overflow); returns the new value. Lock-free.
     *
     * @param delta the amount to add (negative to subtract)
     * @return the value after the update
     */
    public long addAndGet(long delta) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(0, delta) + delta;
        }
        return (long) VALUE.getAndAdd(memory, OFFSET, delta) + delta;
    }

    /**
     * Atomically adds {@code delta} (wrapping on overflow); returns the previous value. Lock-free.
     *
     * @param delta the amount to add (negative to subtract)
     * @return the value before the update
     */
    public long getAndAdd(long delta) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndAdd(0, delta);
        }
        return (long) VALUE.getAndAdd(memory, OFFSET, delta);
    }

    /**
     * Atomically sets the value to {@code newValue} if it is {@code expected}. Lock-free.
     *
     * @param expected the value the element must hold for the update to happen
     * @param newValue the value to store
     * @return whether it was set
     */
    public boolean compareAndSet(long expected, long newValue) {
        Cells r = remote;
        if (r != null) {
            return r.compareAndSet(0, expected, newValue);
        }
        return VALUE.compareAndSet(memory, OFFSET, expected, newValue);
    }

    /**
     * Atomically sets the value to {@code newValue}; returns the previous value. Lock-free.
     *
     * @param newValue the value to store
     * @return the value before the update
     */
    public long getAndSet(long newValue) {
        Cells r = remote;
        if (r != null) {
            return (long) r.getAndSet(0, newValue);
        }
        return (long) VALUE.getAndSet(memory, OFFSET, newValue);
    }

    /** The value, boxed as a {@code Long}. */
    @Override
    public Long getObject() {
        return get();
    }

    /**
     * Sets the value from a boxed one, converted as {@link Value#setObject(Object)} says.
     *
     * @throws IllegalArgumentException if it does not convert to {@code 'l'}
     */
    @Override
    public void setObject(Object value) {
        set((Long) Typecode.LONG.convert(value, "value"));
    }
}
