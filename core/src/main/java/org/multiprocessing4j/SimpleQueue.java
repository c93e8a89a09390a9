package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;

/**
 * A simplified unbounded queue, as Python's {@code multiprocessing.SimpleQueue}: {@code put},
 * {@code get}, {@code empty} and {@code close}.
 *
 * <pre>{@code
 * SimpleQueue<String> q = new SimpleQueue<>();
 * new Process(() -> q.put("hello")).start();
 * System.out.println(q.get());
 * }</pre>
 *
 * <p>It shares {@link Queue}'s storage and guarantees.
 *
 * @param <T> the item type
 */
public final class SimpleQueue<T> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The queue this one delegates to. */
    private final Queue<T> queue;

    /** Creates an empty queue. */
    public SimpleQueue() {
        this.queue = new Queue<>();
    }

    /**
     * Puts an item.
     *
     * @param item the item; it must be serializable
     * @throws IllegalArgumentException if it cannot be serialized
     * @throws InterruptedException if interrupted
     */
    public void put(T item) throws InterruptedException {
        queue.put(item);
    }

    /**
     * Takes the next item, waiting as long as needed.
     *
     * @return the item, removed from the queue
     * @throws InterruptedException if interrupted while waiting
     */
    public T get() throws InterruptedException {
        return queue.get();
    }

    /**
     * Whether the queue is empty.
     *
     * @return whether the queue is empty
     */
    public boolean empty() {
        return queue.empty();
    }

    /**
     * Says this process will use this handle no more, as {@link Queue#close()}: later {@code put}s
     * and {@code get}s through it in this process throw {@link IllegalStateException}; other
     * processes' handles are unaffected.
     */
    public void close() {
        queue.close();
    }

    @Override
    public String toString() {
        return "SimpleQueue[" + queue + "]";
    }
}
