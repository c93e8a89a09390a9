package org.multiprocessing4j.spi;

/**
 * Supplies the primitives that the public classes are built on, for one context (for example a
 * Hazelcast cluster). Every object it returns is usable from any thread; a primitive's
 * {@code handle()} is serializable and deserializes (by {@code readResolve}) into the same
 * primitive in whichever JVM of the context reads it.
 *
 * <pre>{@code
 * final class MyBackend implements Backend { ... }
 * Context ctx = Context.of(new MyBackend());
 * Multiprocessing.setContext(ctx);      // new Queue<>() now makes a queue of this backend
 * }</pre>
 */
public interface Backend {
    /**
     * The context's name, as {@link org.multiprocessing4j.Multiprocessing#getContext(String)} takes it.
     *
     * @return the context's name, as {@link
     *     org.multiprocessing4j.Multiprocessing#getContext(String)} takes it
     */
    String name();

    /**
     * The processors of the context's worker machines: the default pool size.
     *
     * @return the processors of the context's worker machines
     */
    int cpuCount();

    /**
     * Starts running {@code launch} somewhere in the context.
     *
     * @param launch what to run: the serialized task, its name and identity, and its JVM options
     * @return a handle on the running process, to wait for it and read its exit code
     */
    RunningProcess start(ProcessLaunch launch);

    /**
     * A new, empty, unbounded FIFO of frames.
     *
     * @param chunkSize the size in bytes of each storage chunk, as {@code new Queue<>(maxsize,
     *     chunkSize)} takes it (a power of two from 4096 to 2<sup>30</sup>), for a backend whose
     *     storage grows in chunks (the local context's); others may ignore it
     * @return a new, empty, unbounded FIFO of frames
     * @throws IllegalArgumentException if the backend uses {@code chunkSize} and it is out of range
     */
    FrameQueue frameQueue(int chunkSize);

    /**
     * A new, empty message stream: one direction of a {@link org.multiprocessing4j.Pipe}. The
     * default is a {@link QueuedMessageStream} over {@link #frameQueue(int)} and {@link
     * #taskCounter()}, whose end of file is a marker sent by the last holder's close.
     *
     * @param chunkSize the chunk size, as for {@link #frameQueue(int)}
     * @return a new, empty message stream
     * @throws IllegalArgumentException if the backend uses {@code chunkSize} and it is out of range
     */
    default MessageStream messageStream(int chunkSize) {
        return new QueuedMessageStream(frameQueue(chunkSize), taskCounter());
    }

    /**
     * A new counter at zero.
     *
     * @return a new counter at zero
     */
    TaskCounter taskCounter();

    /**
     * A new mutual-exclusion lock, reentrant or not.
     *
     * @param reentrant true for a lock its holder may take again (as an
     *     {@link org.multiprocessing4j.RLock}), false for a plain one
     * @return the new lock, free
     */
    Mutex mutex(boolean reentrant);

    /**
     * A new semaphore with {@code initial} permits that may never hold more than {@code bound}
     * (negative: no bound).
     *
     * @param initial the initial number of permits
     * @param bound the most permits it may hold; negative for no bound
     * @return a new semaphore with {@code initial} permits that may never hold more than {@code
     *     bound} (negative
     */
    Permits permits(int initial, int bound);

    /**
     * A new, clear flag.
     *
     * @return a new, clear flag
     */
    Flag flag();

    /**
     * A new, empty wait set over {@code lock}, a mutex of this backend (under {@link
     * org.multiprocessing4j.Condition}).
     *
     * @param lock the mutex that waiters hold and release while they wait
     * @return a new, empty wait set
     * @throws IllegalArgumentException if {@code lock} is not a mutex of this backend
     */
    WaitSet waitSet(Mutex lock);

    /**
     * A new barrier for {@code parties}, running {@code action} (may be null) when all arrived,
     * by default waiting at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit).
     *
     * @param parties the number of processes (or threads) that must call {@code await} before all
     *     are released, 1 or more
     * @param action run by the last party to arrive, before the others are released; null for none
     * @param timeoutNanos the default timeout of {@code await} in nanoseconds; {@link
     *     Long#MAX_VALUE} for none
     * @return a new barrier for {@code parties}, running {@code action} (may be null) when all
     *     arrived, by default waiting at most {@code timeoutNanos} ({@link Long#MAX_VALUE}
     */
    Rendezvous rendezvous(int parties, org.multiprocessing4j.function.SerializableRunnable action, long timeoutNanos);

    /**
     * {@code length} new cells, all zero.
     *
     * @param length the number of cells, 1 or more
     * @return the new cells, shareable through their {@link Cells#handle()}
     */
    Cells cells(int length);

    /**
     * {@code length} new cells, all zero, for the elements of a value or array of {@code
     * typecode}, with the value's own lock among them if {@code ownLock} is true and the backend
     * keeps locks with the cells. The local backend keeps CPython's element sizes for the typecode
     * and the own lock in the same segment; the default ignores both and returns {@link
     * #cells(int)}, whose caller then makes the own lock with {@link #mutex(boolean) mutex(true)}.
     *
     * @param typecode the element type, one of {@code 'b', 'c', 'h', 'i', 'l', 'f', 'd'}: it fixes
     *     which 64-bit values the cells will hold (see {@link Cells})
     * @param length the number of cells, 0 or more
     * @param ownLock whether the value or array has its own lock; if the backend keeps it with
     *     the cells, {@link Cells#ownLock()} returns it
     * @return the new cells, shareable through their {@link Cells#handle()}
     */
    default Cells cells(char typecode, int length, boolean ownLock) {
        return cells(length);
    }

    /**
     * A new shared object of {@code kind}: {@code "dict"}, {@code "list"} or {@code "namespace"}.
     *
     * @param kind the object's kind: {@code "dict"}, {@code "list"} or {@code "namespace"}
     * @return a new shared object of {@code kind}
     */
    Invocable sharedObject(String kind);

    /**
     * Whether this backend's objects are shared by every process of the context by themselves, so
     * that a {@link org.multiprocessing4j.Manager} needs no server process: its dicts, lists and
     * namespaces are then this backend's {@link #sharedObject}s and its locks, queues and values
     * the context's own. False for a backend whose managed objects live in a manager server (the
     * local context's). The default is true.
     *
     * @return whether a manager of this context uses the backend's objects instead of a server
     */
    default boolean sharesObjects() {
        return true;
    }

        /** Releases what this backend holds in this JVM (connections, threads); idempotent. */
    void close();
}
