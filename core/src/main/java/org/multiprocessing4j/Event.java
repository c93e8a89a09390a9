package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedEvent;

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
 */
public final class Event implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedSegment segment;
    private final transient SharedEvent event;

    /** Creates an event, initially clear. */
    public Event() {
        this(SharedSegments.create(SharedEvent.LENGTH));
    }

    private Event(SharedSegment segment) {
        this.segment = segment;
        this.event = new SharedEvent(segment.data(), 0);
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        event.set();
    }

    /** Clears the flag. */
    public void clear() {
        event.clear();
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        return event.isSet();
    }

    /**
     * Blocks until the flag is set (at once if it is).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        event.await(Long.MAX_VALUE);
    }

    /**
     * Blocks at most {@code timeout} until the flag is set.
     *
     * @return whether it is set
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return event.await(timeout.toNanos());
    }

    @Override
    public String toString() {
        return "Event[" + segment.name() + (isSet() ? ", set]" : ", clear]");
    }

    @Serial
    private Object writeReplace() {
        return new Handle(segment.name());
    }

    /** The serialized form: the segment's name. */
    private record Handle(String segment) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Event(SharedSegments.attach(segment));
        }
    }
}
