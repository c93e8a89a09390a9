package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.spi.Permits;

/**
 * A counting semaphore shared by processes, as Python's {@code multiprocessing.Semaphore}: at most
 * {@code value} holders at a time.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(2);          // two processes at a time
 * Process p = new Process(() -> {
 *     try (var _ = sem.hold()) {
 *         System.out.println("accessing the resource");
 *     }
 * });
 * }</pre>
 *
 * <p>Any process may release (a semaphore has no owner), so {@code Semaphore(1)} serves the
 * hand-off idiom that CPython's {@code Lock} allows. Permits held by a process that dies are not
 * given back. Releasing happens-before a subsequent successful acquire.
 *
 * <p>Made in another context (such as the cluster), the semaphore lives there and every copy of
 * this object reaches it; see that context for its consistency.
 */
public class Semaphore implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The semaphore itself, in the backend of the context it was made in. */
    final transient Permits permits;

    /**
     * Creates a semaphore with {@code value} permits.
     *
     * @param value the initial number of permits, 0 or more
     * @throws IllegalArgumentException if value is negative
     */
    public Semaphore(int value) {
        this(value, -1);
    }

    /** Creates a semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /** A semaphore of {@code value} permits, at most {@code bound} ({@code -1}: no bound). */
    Semaphore(int value, int bound) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore value=" + value + " must be >= 0");
        }
        this.permits = Context.Current.engine().permits(value, bound);
    }

    /** The semaphore over {@code permits} of some backend. */
    Semaphore(Permits permits) {
        this.permits = permits;
    }

    /**
     * Takes a permit, waiting as long as needed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        permits.acquire(Long.MAX_VALUE);
    }

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @param timeout the longest time to wait
     * @return whether a permit was taken
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return permits.acquire(timeout.toNanos());
    }

    /**
     * Takes a permit if one is available now.
     *
     * @return whether a permit was taken
     */
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /**
     * Gives a permit back and wakes a waiter.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, if that would pass its initial value
     */
    public void release() {
        permits.release();
    }

    /**
     * Takes a permit and returns a {@link Hold} that gives it back: {@code try (var _ = sem.hold())}.
     *
     * @return the hold; closing it releases the permit
     * @throws InterruptedException if interrupted while waiting
     */
    public Hold hold() throws InterruptedException {
        permits.acquire(Long.MAX_VALUE);
        return permits::release;
    }

    /**
     * The permits available now (Python's {@code get_value()}).
     *
     * @return the permits available now (Python's {@code get_value()})
     */
    public int value() {
        return permits.value();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + permits.name() + ", value=" + value() + "]";
    }

    /**
     * Package-private, not private, so that it applies to {@link BoundedSemaphore} too.
     *
     * @return the serialized form, a {@code Handle}
     */
    @Serial
    final Object writeReplace() {
        return new Handle(permits.handle(), this instanceof BoundedSemaphore);
    }

    /** The serialized form: the permits' handle (see {@link LocalBackend#resolvePermits}) and the kind. */
    private record Handle(Object permits, boolean bounded) implements Serializable {
        @Serial
        private Object readResolve() {
            Permits p = LocalBackend.resolvePermits(permits);
            return bounded ? new BoundedSemaphore(p) : new Semaphore(p);
        }
    }
}
