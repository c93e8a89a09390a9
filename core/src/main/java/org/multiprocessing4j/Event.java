package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.internal.local.LocalBackend;
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

    /** The event itself, in the backend of the context it was made in. */
    final transient Flag flag;

    /** Creates a clear event in the current context (shared memory for the local one). */
    public Event() {
        this(Context.Current.engine().flag());
    }

    /** The event over {@code flag} of some backend. */
    Event(Flag flag) {
        this.flag = flag;
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        flag.set();
    }

    /** Clears the flag. */
    public void clear() {
        flag.clear();
    }

    /**
     * Whether the flag is set.
     *
     * @return whether the flag is set
     */
    public boolean isSet() {
        return flag.isSet();
    }

    /**
     * Blocks until the flag is set (at once if it is).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        flag.await(Long.MAX_VALUE);
    }

    /**
     * Blocks at most {@code timeout} until the flag is set.
     *
     * @param timeout the longest time to wait
     * @return whether it is set
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return flag.await(timeout.toNanos());
    }

    @Override
    public String toString() {
        return "Event[" + flag + (isSet() ? ", set]" : ", clear]");
    }

    @Serial
    private Object writeReplace() {
        return new Handle(flag.handle());
    }

    /** The serialized form: the flag's handle (see {@link LocalBackend#resolveFlag}). */
    private record Handle(Object flag) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Event(LocalBackend.resolveFlag(flag));
        }
    }
}
