package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedSemaphore;

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
 */
public class Semaphore implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedSegment segment;
    final transient SharedSemaphore semaphore;

    /**
     * Creates a semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if value is negative
     */
    public Semaphore(int value) {
        this(value, -1);
    }

    /** Creates a semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    Semaphore(int value, int bound) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore value=" + value + " must be >= 0");
        }
        this.segment = SharedSegments.create(SharedSemaphore.LENGTH);
        this.semaphore = new SharedSemaphore(segment.data(), 0);
        semaphore.init(value, bound);
    }

    Semaphore(SharedSegment segment) {
        this.segment = segment;
        this.semaphore = new SharedSemaphore(segment.data(), 0);
    }

    /**
     * Takes a permit, waiting as long as needed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        semaphore.acquire(Long.MAX_VALUE);
    }

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @return whether a permit was taken
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return semaphore.acquire(timeout.toNanos());
    }

    /** Takes a permit if one is available now. */
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    /**
     * Gives a permit back and wakes a waiter.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, if that would pass its initial value
     */
    public void release() {
        semaphore.release(1);
    }

    /**
     * Takes a permit and returns a {@link Hold} that gives it back: {@code try (var _ = sem.hold())}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public Hold hold() throws InterruptedException {
        acquire();
        return this::release;
    }

    /** The permits available now (Python's {@code get_value()}). */
    public int value() {
        return semaphore.value();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + segment.name() + ", value=" + value() + "]";
    }

    /** Package-private, not private, so that it applies to {@link BoundedSemaphore} too. */
    @Serial
    final Object writeReplace() {
        return new Handle(segment.name(), this instanceof BoundedSemaphore);
    }

    /** The serialized form: the segment's name and kind. */
    private record Handle(String segment, boolean bounded) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedSegment s = SharedSegments.attach(segment);
            return bounded ? new BoundedSemaphore(s) : new Semaphore(s);
        }
    }
}
