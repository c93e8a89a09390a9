package org.multiprocessing4j.internal.threads;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Flag;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.Invocable;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.Permits;
import org.multiprocessing4j.spi.ProcessLaunch;
import org.multiprocessing4j.spi.Rendezvous;
import org.multiprocessing4j.spi.RunningProcess;
import org.multiprocessing4j.spi.TaskCounter;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The {@code "threads"} context, as CPython's {@code multiprocessing.dummy}: the library's API on
 * threads of this JVM. A {@link org.multiprocessing4j.Process} is a platform thread ({@link
 * ThreadsProcess}), a queue a {@link java.util.concurrent.LinkedBlockingQueue} of frames, the
 * locks, semaphores, events, conditions and barriers are built on {@link
 * java.util.concurrent.locks.ReentrantLock}, values and arrays on {@link
 * java.util.concurrent.atomic.AtomicLongArray}, a manager's dict, list and namespace are
 * collections of this JVM, and a {@link org.multiprocessing4j.Pool}'s workers are threads. No
 * child JVM is started and no shared memory is used.
 *
 * <pre>{@code
 * Context threads = Multiprocessing.getContext("threads");   // or -Dmp4j.context=threads
 * Queue<String> q = threads.queue();
 * threads.process(() -> q.put("hi from a thread")).start();
 * }</pre>
 *
 * <p>Objects passed to a process (captured in its target, sent through a queue) are the same
 * objects, since threads share the heap (see {@link Registry}); everything else a task captures
 * or receives is a copy, made by serialization as for a child JVM, so code behaves as in the
 * other contexts. Their handles cannot be read in another JVM: that fails with a clear error.
 *
 * <p>Differences from the spawn context: no isolation (a task that corrupts static state or calls
 * {@code System.exit} affects the whole JVM), and {@code terminate()}/{@code kill()} of a process
 * or pool only interrupt its threads: a thread cannot be forced to stop. One backend serves the
 * JVM; {@link #close()} releases nothing and leaves its objects usable.
 */
public final class ThreadsBackend implements Backend {
    /** The backend of this JVM. */
    private static final ThreadsBackend INSTANCE = new ThreadsBackend();
    /** Its context, the default of the objects a process of this context constructs. */
    private static final Context CONTEXT = Context.of(INSTANCE);

    private ThreadsBackend() {}

    /**
     * The threads backend of this JVM.
     *
     * @return the threads backend of this JVM
     */
    public static ThreadsBackend instance() {
        return INSTANCE;
    }

    /**
     * The threads context of this JVM: where a {@link org.multiprocessing4j.ThreadPool} runs.
     *
     * @return the threads context of this JVM
     */
    public static Context context() {
        return CONTEXT;
    }

    @Override
    public String name() {
        return "threads";
    }

    /** The processors available to this JVM: a pool's default number of worker threads. */
    @Override
    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Runs the process on a new thread of this JVM; see {@link ThreadsProcess}. */
    @Override
    public RunningProcess start(ProcessLaunch launch) {
        return ThreadsProcess.start(launch, CONTEXT, Registry.takePins());
    }

    @Override
    public FrameQueue frameQueue(int chunkSize) { // a heap queue has no chunks
        return new ThreadsFrameQueue();
    }

    @Override
    public TaskCounter taskCounter() {
        return new ThreadsTaskCounter();
    }

    @Override
    public Mutex mutex(boolean reentrant) {
        return new ThreadsMutex(reentrant);
    }

    @Override
    public Permits permits(int initial, int bound) {
        return new ThreadsPermits(initial, bound);
    }

    @Override
    public Flag flag() {
        return new ThreadsFlag();
    }

    @Override
    public WaitSet waitSet(Mutex lock) {
        if (!(lock instanceof ThreadsMutex)) {
            throw new IllegalArgumentException("a condition of the threads context needs a lock of that context, not "
                    + lock + "; make the lock in it too (context.lock(), context.rlock())");
        }
        return new ThreadsWaitSet();
    }

    /** A new barrier; the default timeout is the public {@link org.multiprocessing4j.Barrier}'s to apply. */
    @Override
    public Rendezvous rendezvous(int parties, SerializableRunnable action, long timeoutNanos) {
        return new ThreadsRendezvous(parties, action);
    }

    @Override
    public Cells cells(int length) {
        return new ThreadsCells(length);
    }

    @Override
    public Invocable sharedObject(String kind) {
        return switch (kind) {
            case "dict", "list", "namespace" -> new ThreadsShared(kind);
            default -> throw new IllegalArgumentException("unknown shared object kind '" + kind
                    + "': the threads context has dict, list and namespace");
        };
    }

    /** Does nothing: the threads context holds no connection or thread, and its objects stay usable. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "ThreadsBackend";
    }
}
