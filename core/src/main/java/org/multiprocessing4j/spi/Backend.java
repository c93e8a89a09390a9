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
    /** The context's name, as {@link org.multiprocessing4j.Multiprocessing#getContext(String)} takes it. */
    String name();

    /** The processors of the context's worker machines: the default pool size. */
    int cpuCount();

    /** Starts running {@code launch} somewhere in the context. */
    RunningProcess start(ProcessLaunch launch);

    /** A new, empty, unbounded FIFO of frames. */
    FrameQueue frameQueue();

    /** A new counter at zero. */
    TaskCounter taskCounter();

    /** A new mutual-exclusion lock, reentrant or not. */
    Mutex mutex(boolean reentrant);

    /**
     * A new semaphore with {@code initial} permits that may never hold more than {@code bound}
     * (negative: no bound).
     */
    Permits permits(int initial, int bound);

    /** A new, clear flag. */
    Flag flag();

    /** A new, empty wait set. */
    WaitSet waitSet();

    /**
     * A new barrier for {@code parties}, running {@code action} (may be null) when all arrived,
     * by default waiting at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit).
     */
    Rendezvous rendezvous(int parties, org.multiprocessing4j.function.SerializableRunnable action, long timeoutNanos);

    /** {@code length} new cells, all zero. */
    Cells cells(int length);

    /** A new shared object of {@code kind}: {@code "dict"}, {@code "list"} or {@code "namespace"}. */
    Invocable sharedObject(String kind);

    /** Releases what this backend holds in this JVM (connections, threads); idempotent. */
    void close();
}
