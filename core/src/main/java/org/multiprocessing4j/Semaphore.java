package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedSemaphore;
import org.multiprocessing4j.spi.Backend;
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

    /** The shared-memory semaphore; both {@code null} when {@link #remote} is set. */
    final transient SharedSegment segment;
    final transient SharedSemaphore semaphore;
    /** The semaphore of another context (a cluster), or {@code null} for a shared-memory one. */
    final transient Permits remote;
    /** For a manager's semaphore on the manager's machine: shipped in place of the segment's name (see {@link MutexLock#managed}). */
    transient ManagedRef managed;

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

    Semaphore(int value, int bound) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore value=" + value + " must be >= 0");
        }
        Backend backend = Contexts.backend();
        if (backend != null) {
            this.remote = backend.permits(value, bound);
            this.segment = null;
            this.semaphore = null;
            return;
        }
        this.remote = null;
        this.segment = SharedSegments.create(SharedSemaphore.LENGTH);
        this.semaphore = new SharedSemaphore(segment.data(), 0);
        semaphore.init(value, bound);
    }

    Semaphore(SharedSegment segment) {
        this.segment = segment;
        this.semaphore = new SharedSemaphore(segment.data(), 0);
        this.remote = null;
    }

    /** The semaphore {@code remote} of another context. */
    Semaphore(Permits remote) {
        this.segment = null;
        this.semaphore = null;
        this.remote = remote;
    }

    /**
     * Takes a permit, waiting as long as needed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        if (remote != null) {
            remote.acquire(Long.MAX_VALUE);
            return;
        }
        semaphore.acquire(Long.MAX_VALUE);
    }

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @param timeout the longest time to wait
     * @return whether a permit was taken
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        if (remote != null) {
            return remote.acquire(timeout.toNanos());
        }
        return semaphore.acquire(timeout.toNanos());
    }

    /**
     * Takes a permit if one is available now.
     *
     * @return whether a permit was taken
     */
    public boolean tryAcquire() {
        if (remote != null) {
            try {
                return remote.acquire(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return semaphore.tryAcquire();
    }

    /**
     * Gives a permit back and wakes a waiter.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, if that would pass its initial value
     */
    public void release() {
        if (remote != null) {
            remote.release();
            return;
        }
        semaphore.release(1);
    }

    /**
     * Takes a permit and returns a {@link Hold} that gives it back: {@code try (var _ = sem.hold())}.
     *
     * @return the hold; closing it releases the permit
     * @throws InterruptedException if interrupted while waiting
     */
    public Hold hold() throws InterruptedException {
        acquire();
        return this::release;
    }

    /**
     * The permits available now (Python's {@code get_value()}).
     *
     * @return the permits available now (Python's {@code get_value()})
     */
    public int value() {
        return remote != null ? remote.value() : semaphore.value();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (remote != null ? remote.name() : segment.name())
                + ", value=" + value() + "]";
    }

    /**
     * Package-private, not private, so that it applies to {@link BoundedSemaphore} too.
     *
     * @return the serialized form, a {@code Handle}
     */
    @Serial
    final Object writeReplace() {
        return new Handle(remote != null ? remote.handle() : managed != null ? managed : segment.name(),
                this instanceof BoundedSemaphore);
    }

    /**
     * The serialized form: the segment's name (or the remote semaphore's handle, which
     * deserializes into the live object, hence {@code Object}) and kind.
     *
     * @param semaphore the segment's name, or the remote semaphore's handle
     * @param bounded whether it is a {@link BoundedSemaphore}
     */
    private record Handle(Object semaphore, boolean bounded) implements Serializable {
        @Serial
        private Object readResolve() {
            if (semaphore instanceof Permits p) {
                return bounded ? new BoundedSemaphore(p) : new Semaphore(p);
            }
            if (semaphore instanceof ManagedRef m) {
                SharedSegment s = SharedSegments.attach(m.local());
                Semaphore sem = bounded ? new BoundedSemaphore(s) : new Semaphore(s);
                sem.managed = m;
                return sem;
            }
            SharedSegment s = SharedSegments.attach((String) semaphore);
            return bounded ? new BoundedSemaphore(s) : new Semaphore(s);
        }
    }
}
