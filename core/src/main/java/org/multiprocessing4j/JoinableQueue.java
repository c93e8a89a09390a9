package org.multiprocessing4j;

import java.io.Serial;
import java.time.Duration;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.TaskCounter;

/**
 * A {@link Queue} that counts unfinished items, as Python's {@code multiprocessing.JoinableQueue}:
 * each {@code put} adds one, each {@link #taskDone()} removes one, and {@link #join()} waits until
 * every item put has been marked done.
 *
 * <pre>{@code
 * JoinableQueue<Integer> q = new JoinableQueue<>();
 * Process worker = new Process(() -> {
 *     while (true) {
 *         Integer job = q.get();
 *         handle(job);
 *         q.taskDone();
 *     }
 * });
 * worker.setDaemon(true);
 * worker.start();
 * for (int i = 0; i < 10; i++) q.put(i);
 * q.join();            // all ten handled
 * }</pre>
 *
 * @param <T> the item type
 */
public final class JoinableQueue<T> extends Queue<T> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The count of unfinished items, in the backend of the context this queue was made in. */
    final transient TaskCounter unfinished;

    /** Creates an unbounded joinable queue. */
    public JoinableQueue() {
        this(0);
    }

    /**
     * Creates a joinable queue holding at most {@code maxsize} items (0: unbounded).
     *
     * @param maxsize the most items the queue holds before {@code put} waits; 0 (or negative) for
     *     no bound
     */
    public JoinableQueue(int maxsize) {
        super(maxsize);
        this.unfinished = Context.Current.engine().taskCounter();
    }

    /** A joinable queue over {@code channel} and {@code unfinished}, bounded by {@code slots} (null: unbounded). */
    JoinableQueue(int maxsize, FrameQueue channel, Semaphore slots, TaskCounter unfinished) {
        super(maxsize, channel, slots);
        this.unfinished = unfinished;
    }

    JoinableQueue(Handle h) {
        super(h);
        this.unfinished = LocalBackend.resolveTaskCounter(h.joinCounter());
    }

    @Override
    void beforePut() {
        unfinished.increment();
    }

    @Override
    void putFailed() {
        unfinished.decrement("putFailed");
    }

    /**
     * Marks one item taken from the queue as done.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        unfinished.decrement("taskDone()");
    }

    /**
     * Blocks until every item put has been marked done.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        unfinished.awaitZero(Long.MAX_VALUE);
    }

    /**
     * Blocks at most {@code timeout} until every item put has been marked done.
     *
     * @param timeout the longest time to wait
     * @return whether all are done
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return unfinished.awaitZero(timeout.toNanos());
    }

    /**
     * Items put and not yet marked done.
     *
     * @return items put and not yet marked done
     */
    public int unfinishedTasks() {
        return unfinished.get();
    }

    java.io.Serializable counterHandle() {
        return unfinished.handle();
    }
}
