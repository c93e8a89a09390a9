package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedEvent;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Flag;

/**
 * A flag shared by processes that they can wait for, as Python's {@code multiprocessing.Event}.
 * Python's {@code wait()} is {@link #await()} here ({@code wait} is final on {@code Object}).
 *
 * <pre>{@code
 * Event event = new Event();
 * Process p = new Process(() -> {
 *     event.await();                        // blocks until set
 *     System.out.println("received the event!");
 * });
 * p.start();
 * event.set();
 * }</pre>
 *
 * <p>Actions before {@link #set()} happen-before the return of an {@code await} that saw it set.
 *
 * <p>Made in another context (such as the cluster), the flag lives there and every copy of this
 * object reaches it; see that context for its consistency.
 */
public final class Event implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The shared-memory event; both {@code null} when {@link #remote} is set. */
    final transient SharedSegment segment;
    private final transient SharedEvent event;
    /** The flag of another context (a cluster), or {@code null} for a shared-memory one. */
    private final transient Flag remote;
    /** For a manager's event on the manager's machine: shipped in place of the segment's name (see {@link MutexLock#managed}). */
    transient ManagedRef managed;

    /** Creates an event, initially clear. */
    public Event() {
        this(Contexts.backend());
    }

    private Event(Backend backend) {
        if (backend != null) {
            this.remote = backend.flag();
            this.segment = null;
            this.event = null;
        } else {
            this.remote = null;
            this.segment = SharedSegments.create(SharedEvent.LENGTH);
            this.event = new SharedEvent(segment.data(), 0);
        }
    }

    private Event(SharedSegment segment) {
        this.segment = segment;
        this.event = new SharedEvent(segment.data(), 0);
        this.remote = null;
    }

    private Event(Flag remote) {
        this.segment = null;
        this.event = null;
        this.remote = remote;
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        if (remote != null) {
            remote.set();
            return;
        }
        event.set();
    }

    /** Clears the flag. */
    public void clear() {
        if (remote != null) {
            remote.clear();
            return;
        }
        event.clear();
    }

    /**
     * Whether the flag is set.
     *
     * @return whether the flag is set
     */
    public boolean isSet() {
        return remote != null ? remote.isSet() : event.isSet();
    }

    /**
     * Blocks until the flag is set (at once if it is).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        if (remote != null) {
            remote.await(Long.MAX_VALUE);
            return;
        }
        event.await(Long.MAX_VALUE);
    }

    /**
     * Blocks at most {@code timeout} until the flag is set.
     *
     * @param timeout the longest time to wait
     * @return whether it is set
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return remote != null ? remote.await(timeout.toNanos()) : event.await(timeout.toNanos());
    }

    @Override
    public String toString() {
        return "Event[" + (remote != null ? remote.toString() : segment.name()) + (isSet() ? ", set]" : ", clear]");
    }

    /**
     * The serialized form: a handle that deserializes into a event on the same shared object.
     *
     * @return the handle to serialize in this event's place
     */
    @Serial
    private Object writeReplace() {
        return new Handle(remote != null ? remote.handle() : managed != null ? managed : segment.name());
    }

    /**
     * The serialized form: the segment's name, or the remote flag's handle (which deserializes
     * into the live object, hence {@code Object}).
     *
     * @param event the segment's name, or the remote flag's handle
     */
    private record Handle(Object event) implements Serializable {
        @Serial
        private Object readResolve() {
            if (event instanceof ManagedRef m) {
                Event e = new Event(SharedSegments.attach(m.local()));
                e.managed = m;
                return e;
            }
            return event instanceof Flag f ? new Event(f) : new Event(SharedSegments.attach((String) event));
        }
    }
}
