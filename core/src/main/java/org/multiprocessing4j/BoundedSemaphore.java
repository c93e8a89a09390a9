package org.multiprocessing4j;

import org.multiprocessing4j.spi.Permits;

/**
 * A {@link Semaphore} that refuses to be released above its initial value, as Python's
 * {@code multiprocessing.BoundedSemaphore}: a release without a matching acquire is a bug it
 * catches.
 *
 * <pre>{@code
 * BoundedSemaphore sem = new BoundedSemaphore(1);
 * sem.release();   // IllegalStateException: released too many times
 * }</pre>
 */
public final class BoundedSemaphore extends Semaphore {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a bounded semaphore with {@code value} permits, which is also its bound.
     *
     * @param value the initial number of permits, 0 or more (also the bound)
     * @throws IllegalArgumentException if value is negative
     */
    public BoundedSemaphore(int value) {
        super(value, value);
    }

    /** Creates a bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    BoundedSemaphore(Permits remote) {
        super(remote);
    }

    /**
     * The initial value, which releases may not exceed.
     *
     * @return the initial value, which releases may not exceed
     */
    public int bound() {
        return permits.bound();
    }
}
