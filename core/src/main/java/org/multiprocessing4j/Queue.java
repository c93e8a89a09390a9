package org.multiprocessing4j;

import java.io.EOFException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.serial.NotSerializableValueException;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * A FIFO queue shared by processes, as Python's {@code multiprocessing.Queue}: many producers and
 * many consumers, in any processes.
 *
 * <pre>{@code
 * Queue<String> q = new Queue<>();
 * Process producer = new Process(() -> q.put("apple"));
 * producer.start();
 * System.out.println(q.get());   // apple
 * }</pre>
 *
 * <h2>Storage and blocking</h2>
 * Items are serialized into shared memory by {@code put} itself (no feeder thread): when
 * {@code put} returns the item is in the queue, so a producer may exit, or be joined, before the
 * queue is drained (where CPython can deadlock), and {@link #joinThread()} has nothing to wait for.
 * An unbounded queue ({@code maxsize} 0) never blocks {@code put}; it grows in shared memory. A
 * bounded one blocks {@code put} while it holds {@code maxsize} items. Items of any size stream
 * through. Items from one producer arrive in the order it put them.
 *
 * <h2>Crashes</h2>
 * A producer or consumer killed at any point loses nothing and duplicates nothing: an item
 * becomes visible only once completely written, and leaves only once completely read.
 *
 * <h2>Sharing</h2>
 * A queue is a serializable handle: capture it in a {@link Process} target, pass it to a pool task
 * or through another queue (CPython refuses both). Items must be serializable; one that is not
 * fails {@code put} with {@link IllegalArgumentException} naming its class, and nothing is queued.
 *
 * @param <T> the item type
 */
public class Queue<T> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The bound given at creation; 0 for unbounded. */
    private final int maxsize;
    /** The queue's frames, in the backend of the context it was made in. */
    final transient FrameQueue channel;
    /** Free places of a bounded queue; null when unbounded. */
    final Semaphore slots;
    /** Set by {@link #close()}: this handle takes no more items. */
    private transient volatile boolean closed;

    /** Creates an unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items; 0 (or negative, as in CPython) means
     * unbounded.
     *
     * @param maxsize the most items the queue holds before {@code put} waits; 0 (or negative) for
     *     no bound
     */
    public Queue(int maxsize) {
        this(maxsize, Channel.DEFAULT_CHUNK_SIZE);
    }

    /**
     * Creates a queue whose storage grows in chunks of {@code chunkSize} bytes (a power of two
     * from 4096); items larger than a chunk span several.
     *
     * @param maxsize the most items the queue holds before {@code put} waits; 0 (or negative) for
     *     no bound
     * @param chunkSize the size in bytes of each storage chunk in {@code /dev/shm}: a power of two
     *     from 4096 to 2<sup>30</sup>
     * @throws IllegalArgumentException if chunkSize is not a power of two from 4096 to 2^30
     */
    public Queue(int maxsize, int chunkSize) {
        this(maxsize, Context.Current.engine().frameQueue(chunkSize), maxsize > 0 ? new Semaphore(maxsize) : null);
    }

    /** A queue over {@code channel}, bounded by {@code slots} (null when unbounded; then {@code maxsize} is 0). */
    Queue(int maxsize, FrameQueue channel, Semaphore slots) {
        this.maxsize = Math.max(0, maxsize);
        this.channel = channel;
        this.slots = slots;
    }

    Queue(Handle h) {
        this(h.maxsize, LocalBackend.resolveFrameQueue(h.channel), h.slots);
    }

    /**
     * Puts an item, waiting for a free place if the queue is bounded and full.
     *
     * @param item the item; it must be serializable
     * @throws IllegalArgumentException if the item cannot be serialized (the message names the class)
     * @throws IllegalStateException if this queue handle was closed
     * @throws InterruptedException if interrupted while waiting
     */
    public void put(T item) throws InterruptedException {
        put(item, null);
    }

    /**
     * Puts an item, waiting at most {@code timeout} ({@code null}: no limit) for a free place.
     *
     * @param item the item; it must be serializable
     * @param timeout the longest wait; {@code null} waits without limit
     * @throws Full if the queue stayed full for the timeout
     * @throws IllegalArgumentException if the item cannot be serialized
     * @throws IllegalStateException if this queue handle was closed
     * @throws InterruptedException if interrupted while waiting
     */
    public void put(T item, Duration timeout) throws InterruptedException {
        checkOpen();
        WireMessage frame = encode(item);
        if (slots != null) {
            boolean got = timeout == null ? acquireSlot() : slots.acquire(timeout);
            if (!got) {
                throw new Full("queue full: maxsize=" + maxsize + ", waited " + timeout);
            }
        }
        beforePut();
        try {
            send(frame);
        } catch (InterruptedException | RuntimeException e) {
            putFailed();
            if (slots != null) {
                slots.release();
            }
            throw e;
        }
    }

    private boolean acquireSlot() throws InterruptedException {
        slots.acquire();
        return true;
    }

    /**
     * Puts an item if there is a free place now.
     *
     * @param item the item; it must be serializable
     * @throws Full if the queue is full
     */
    public void putNowait(T item) {
        checkOpen();
        WireMessage frame = encode(item);
        if (slots != null && !slots.tryAcquire()) {
            throw new Full("queue full: maxsize=" + maxsize);
        }
        beforePut();
        try {
            send(frame);
        } catch (InterruptedException | RuntimeException e) {
            putFailed();
            if (slots != null) {
                slots.release();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while putting", e);
            }
            throw (RuntimeException) e;
        }
    }

    /** Hook for {@link JoinableQueue}: runs before an item becomes visible. */
    void beforePut() {}

    /** Hook for {@link JoinableQueue}: undoes {@link #beforePut()} when the put failed. */
    void putFailed() {}

    /**
     * Takes the next item, waiting as long as needed.
     *
     * @return the item, removed from the queue
     * @throws InterruptedException if interrupted while waiting
     */
    public T get() throws InterruptedException {
        T item = take(Long.MAX_VALUE);
        return item;
    }

    /**
     * Takes the next item, waiting at most {@code timeout}.
     *
     * @param timeout the longest time to wait
     * @return the item, removed from the queue
     * @throws Empty if no item came in time
     * @throws InterruptedException if interrupted while waiting
     */
    public T get(Duration timeout) throws InterruptedException {
        return take(timeout.toNanos());
    }

    /**
     * Takes the next item if one is there now.
     *
     * @return the item, removed from the queue
     * @throws Empty if the queue is empty
     */
    public T getNowait() {
        try {
            return take(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Empty("interrupted");
        }
    }

    private T take(long nanos) throws InterruptedException {
        return take(nanos, org.multiprocessing4j.internal.sync.WaitPolicy.SPIN_NANOS);
    }

    /** As {@link #get(Duration)}, spinning at most {@code spinNanos} first (see {@code Channel.receive}). */
    @SuppressWarnings("unchecked")
    T take(long nanos, long spinNanos) throws InterruptedException {
        checkOpen();
        boolean local = channel.isPrivate();
        Object taken; // the message, or why its arrays could not be copied out (it is taken either way)
        try {
            taken = channel.receive(nanos, false, spinNanos, local ? COPY_LOCAL : COPY_NETWORK);
        } catch (EOFException e) {
            throw new IllegalStateException(e); // queues never report end-of-file
        }
        if (taken == null) {
            throw new Empty("queue empty" + (nanos > 0 ? " after waiting " + Duration.ofNanos(nanos) : ""));
        }
        if (slots != null) {
            slots.release();
        }
        if (taken instanceof DeserializationException e) {
            throw e;
        }
        return (T) Serialization.fromMessage(Serialization.received(taken), 0, local);
    }

    /**
     * The approximate number of items in the queue.
     *
     * @return the approximate number of items in the queue
     */
    public int qsize() {
        return channel.messages();
    }

    /**
     * Whether the queue is empty (approximate while others put and get).
     *
     * @return whether the queue is empty (approximate while others put and get)
     */
    public boolean empty() {
        return channel.isEmpty();
    }

    /**
     * Whether a bounded queue is full (approximate); never true for an unbounded one.
     *
     * @return whether a bounded queue is full (approximate); never true for an unbounded one
     */
    public boolean full() {
        return slots != null && slots.value() == 0;
    }

    /**
     * The bound given at creation; 0 for unbounded.
     *
     * @return the bound given at creation; 0 for unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Says this process will use this handle no more, as CPython's {@code close()}: later
     * {@code put}s and {@code get}s through it in this process throw {@link IllegalStateException}
     * (CPython's {@code ValueError: Queue is closed}). Items already put stay in the queue, and
     * other processes' handles to it are unaffected. Idempotent.
     */
    public void close() {
        closed = true;
    }

    /**
     * Frees the queue's shared memory now, for a queue that no other process uses any more: a
     * pool's queues once its workers exited. Not public: a user's queue lives as long as the
     * process that made it, since a handle to it may be in flight to another process.
     */
    void destroy() {
        closed = true;
        channel.destroy(); // idempotent
    }

    /** Nothing to wait for: items are in shared memory once {@code put} returns. Kept for CPython parity. */
    public void joinThread() {
        // no feeder thread
    }

    /** Nothing to cancel: there is no feeder thread. Kept for CPython parity. */
    public void cancelJoinThread() {
        // no feeder thread
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("queue " + channel.name() + " was closed in this process (close()):"
                    + " this handle takes no put or get any more; other processes' handles are unaffected");
        }
    }

    /**
     * Copies a message out of the channel's memory (its large arrays straight into arrays of
     * their own), or returns why it could not. A shared-memory channel holds only this user's
     * bytes; a manager's or a cluster's queue may hold another machine's, read under the network
     * limits.
     */
    private static final java.util.function.Function<java.lang.foreign.MemorySegment[], Object> COPY_LOCAL =
            pieces -> copyOut(pieces, true);
    private static final java.util.function.Function<java.lang.foreign.MemorySegment[], Object> COPY_NETWORK =
            pieces -> copyOut(pieces, false);

    private static Object copyOut(java.lang.foreign.MemorySegment[] pieces, boolean local) {
        try {
            return Serialization.copyOut(pieces, 0, local);
        } catch (DeserializationException e) {
            return e;
        }
    }

    /** Sends {@code frame}: its large arrays straight from the heap into the channel's memory. */
    private void send(WireMessage frame) throws InterruptedException {
        if (frame.size() == frame.length()) {
            channel.send(frame.bytes(), 0, frame.length());
        } else {
            channel.send(frame.segments());
        }
    }

    private WireMessage encode(T item) {
        try {
            return Serialization.toMessage(item, 0);
        } catch (NotSerializableValueException e) {
            throw new IllegalArgumentException("cannot put the item into the queue: " + e.getMessage(), e);
        }
    }

    /**
     * A {@link BlockingQueue} view, for Java code that expects one. {@code size()} is
     * {@link #qsize()}; iteration is not supported (the items are in other processes' way).
     *
     * @return a {@link BlockingQueue} view, for Java code that expects one
     */
    public BlockingQueue<T> asBlockingQueue() {
        return new BlockingView();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + channel.name() + ", qsize=" + qsize()
                + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
    }

    /**
     * The serialized form: a handle naming the queue's shared storage, so that the copy in another
     * process puts into and takes from the same queue.
     *
     * @return the handle to serialize in this queue's place
     */
    @Serial
    Object writeReplace() {
        return new Handle(channel.handle(), maxsize, slots,
                this instanceof JoinableQueue<?> jq ? jq.counterHandle() : null);
    }

    /** The serialized form of every queue kind. */
    /**
     * The serialized form: the channel's and the counter's handles (segment names locally), which
     * deserialize into the live objects of another context, hence typed {@code Object}. A plain
     * class, not a record: the first deserialization of a record in a fresh JVM builds its
     * constructor call from method handles, some 25 generated classes and several milliseconds
     * of a pool worker's start.
     */
    static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final Object channel;
        final int maxsize;
        final Semaphore slots;
        final Object joinCounter;

        Handle(Object channel, int maxsize, Semaphore slots, Object joinCounter) {
            this.channel = channel;
            this.maxsize = maxsize;
            this.slots = slots;
            this.joinCounter = joinCounter;
        }

        Object joinCounter() {
            return joinCounter;
        }

        @Serial
        private Object readResolve() {
            return joinCounter == null ? new Queue<>(this) : new JoinableQueue<>(this);
        }
    }

    private final class BlockingView extends AbstractQueue<T> implements BlockingQueue<T> {
        @Override
        public Iterator<T> iterator() {
            throw new UnsupportedOperationException("a multiprocessing Queue cannot be iterated");
        }

        @Override
        public int size() {
            return qsize();
        }

        @Override
        public boolean offer(T t) {
            java.util.Objects.requireNonNull(t, "a BlockingQueue holds no null elements");
            try {
                putNowait(t);
                return true;
            } catch (Full e) {
                return false;
            }
        }

        @Override
        public void put(T t) throws InterruptedException {
            Queue.this.put(t);
        }

        @Override
        public boolean offer(T t, long timeout, TimeUnit unit) throws InterruptedException {
            try {
                Queue.this.put(t, Duration.ofNanos(unit.toNanos(timeout)));
                return true;
            } catch (Full e) {
                return false;
            }
        }

        @Override
        public T take() throws InterruptedException {
            return Queue.this.get();
        }

        @Override
        public T poll(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                return Queue.this.get(Duration.ofNanos(unit.toNanos(timeout)));
            } catch (Empty e) {
                return null;
            }
        }

        @Override
        public T poll() {
            try {
                return getNowait();
            } catch (Empty e) {
                return null;
            }
        }

        @Override
        public T peek() {
            throw new UnsupportedOperationException("a multiprocessing Queue cannot be peeked");
        }

        @Override
        public int remainingCapacity() {
            return slots == null ? Integer.MAX_VALUE : slots.value();
        }

        @Override
        public int drainTo(Collection<? super T> c) {
            return drainTo(c, Integer.MAX_VALUE);
        }

        @Override
        public int drainTo(Collection<? super T> c, int maxElements) {
            int n = 0;
            T item;
            while (n < maxElements && (item = poll()) != null) {
                c.add(item);
                n++;
            }
            return n;
        }
    }
}
