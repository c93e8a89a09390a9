package org.multiprocessing4j.internal.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import org.multiprocessing4j.function.SerializableFunction;

/**
 * An imap: its {@link ImapFeeder} reads the input and submits it chunk by chunk, and the caller's
 * iterator takes the results in input order (or as they come, unordered), throwing a task's
 * exception at its position. The caller takes every result that is ready in one turn of the lock.
 *
 * @param <R> the result type
 */
public final class ImapJob<R> extends Job implements Iterator<R> {
    /**
     * Chunks an imap reads ahead of its caller, per worker: enough to keep each worker's
     * {@link PoolEngine#DEEP_PREFETCH} chunks in its inbox while the feeder refills in batches
     * (measured on 2 cores, chunksize 1: 4 per worker gave about 100 k tasks/s, 16 about 300 k).
     */
    public static final int READ_AHEAD_PER_WORKER = 2 * PoolEngine.DEEP_PREFETCH;

    private final PoolEngine engine;
    private final int chunksize;
    private final boolean ordered;
    private final byte[] function;
    private final ProgressListener progress;
    private final ImapFeeder feeder;
    // guarded by engine.lock
    /** Results by chunk index (ordered), or in arrival order (unordered); the other stays empty. */
    private final Map<Integer, Object> arrived = new HashMap<>();
    private final ArrayDeque<Object> unordered = new ArrayDeque<>();
    private int submitted;
    private boolean inputDone;
    /** Whether the caller closed the iterator (or cancelled the job): no more results. */
    private boolean closed;
    private boolean cutShort;
    private int nextToReturn;
    private int received;
    private long tasksDone;
    private long itemsSubmitted;
    private final Condition ready;
    /** Results taken from the job and not yet returned; the caller's thread only. */
    private final ArrayDeque<R> buffer = new ArrayDeque<>();

    private ImapJob(PoolEngine engine, SerializableFunction<?, ?> fn, Iterator<?> input, int chunksize,
            boolean ordered, ProgressListener progress) {
        super(engine.newJobId());
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize=" + chunksize + " must be >= 1");
        }
        this.engine = engine;
        this.chunksize = chunksize;
        this.ordered = ordered;
        this.progress = progress;
        this.function = encodeFunction(fn);
        this.feeder = new ImapFeeder(this, input, chunksize, READ_AHEAD_PER_WORKER * engine.size());
        this.ready = engine.lock.newCondition();
    }

    /**
     * Submits an imap and starts its feeder.
     *
     * @param <R> the result type
     * @param engine the pool's engine
     * @param fn the task; it must be serializable
     * @param input the inputs, read lazily by the feeder thread
     * @param chunksize items per chunk, 1 or more
     * @param ordered whether results come in input order (imap) or as they complete (imapUnordered)
     * @param progress told as chunks complete; null for none
     * @return the job, an iterator over its results
     * @throws IllegalArgumentException if chunksize is below 1 or {@code fn} cannot be serialized
     * @throws java.util.concurrent.RejectedExecutionException if the pool takes no more work
     */
    public static <R> ImapJob<R> start(PoolEngine engine, SerializableFunction<?, ?> fn, Iterator<?> input,
            int chunksize, boolean ordered, ProgressListener progress) {
        ImapJob<R> job = new ImapJob<>(engine, fn, Objects.requireNonNull(input, "items"), chunksize, ordered,
                progress);
        engine.submit(job, List.of());
        job.feeder.start("imap-feeder-" + job.id);
        return job;
    }

    @Override
    void shutdown() {
        if (!inputDone) {
            inputDone = true;
            cutShort = true;
            feeder.stop(); // if it has not started yet, it finds inputDone set when it does
            ready.signalAll();
        }
    }

    /** The feeder read {@code chunk} (empty: the input ended); false when it should stop reading. */
    boolean chunkRead(List<Object> chunk) {
        engine.lock.lock();
        try {
            if (inputDone) {
                return false; // the pool was shut down
            }
            if (chunk.isEmpty()) {
                inputDone = true;
                ready.signalAll();
                return false;
            }
            int index = submitted++;
            itemsSubmitted += chunk.size();
            engine.submitMore(this, List.of(new TaskChunk(id, index, TaskChunk.Mode.MAP, function,
                    Packing.pack(chunk))));
            return true;
        } finally {
            engine.lock.unlock();
        }
    }

    /**
     * Reading the input failed (or the feeder was interrupted): the failure takes the next
     * position and the input ends there. False if the job was cut short, when nothing is to be done.
     */
    boolean inputFailed(Throwable e) {
        engine.lock.lock();
        try {
            if (cutShort) {
                return false;
            }
            inputDone = true;
            store(submitted++, new Failure(e));
            received++; // the failure stands for a chunk: the job can finish
            ready.signalAll();
            return true;
        } finally {
            engine.lock.unlock();
        }
    }

    /** The feeder is done: the job may be complete. */
    void inputEnded() {
        engine.jobMaybeFinished(this);
    }

    private record Failure(Throwable t) {}

    @Override
    void chunkDone(int index, List<Object> values, Throwable t) {
        if (progress != null && values != null) {
            tasksDone += values.size();
            report(progress, tasksDone, inputDone ? itemsSubmitted : -1);
        }
        if (index < 0) {
            Object entry = new Failure(t);
            // the pool was terminated: the next result is this failure, and nothing follows it
            inputDone = true;
            arrived.clear();
            unordered.clear();
            store(nextToReturn, entry);
            submitted = nextToReturn + 1;
            received = submitted;
            cutShort = true;
            feeder.stop();
        } else {
            received++;
            if (t != null) { // the whole chunk failed: each of its inputs gets the failure
                int size = index == submitted - 1 ? (int) (itemsSubmitted - (long) index * chunksize) : chunksize;
                List<Object> failures = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    failures.add(failureAt(index, i, t));
                }
                values = failures;
            }
            store(index, values);
        }
        ready.signalAll();
    }

    @Override
    void chunkPartlyDone(int index, List<Object> values) {
        List<Object> entries = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            entries.add(v instanceof TaskFailed f ? failureAt(index, i, f.failure()) : v);
        }
        chunkDone(index, entries, null);
    }

    /** The failure of input {@code i} of chunk {@code chunk}: unordered, it names the input's position. */
    private Failure failureAt(int chunk, int i, Throwable t) {
        return new Failure(ordered ? t : engine.taskFailed((long) chunk * chunksize + i, t));
    }

    /** Keeps a chunk's results (or Failure) for the caller. */
    private void store(int index, Object entry) {
        if (ordered) {
            arrived.put(index, entry);
        } else {
            unordered.add(entry);
        }
    }

    @Override
    boolean finished() {
        return closed || inputDone && received >= submitted;
    }

    @Override
    long firstTaskOf(int chunkIndex) {
        return (long) chunkIndex * chunksize;
    }

    @Override
    void cancelled() {
        closed = true;
        inputDone = true;
        cutShort = true;
        arrived.clear();
        unordered.clear();
        feeder.stop();
        ready.signalAll();
    }

    /**
     * Stops the imap: reads no more input, drops the tasks not started, and kills the workers
     * running its tasks (see {@code PoolEngine.cancel}); {@link #hasNext()} is false from then on.
     * Results already taken into the caller's buffer are dropped too. Idempotent.
     */
    public void close() {
        engine.cancel(this, true);
        buffer.clear();
    }

    @Override
    public boolean hasNext() {
        try {
            return fill(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a result", e);
        }
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results");
        }
        return take();
    }

    /**
     * Waits at most {@code timeout} for the next result.
     *
     * @param timeout the longest time to wait
     * @return the next result
     * @throws TimeoutException if it did not come in time
     * @throws NoSuchElementException if there are no more results
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public R next(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!fill(deadline)) {
                throw new NoSuchElementException("no more results");
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException te) {
                throw te;
            }
            throw e;
        }
        return take();
    }

    @SuppressWarnings("unchecked")
    private R take() {
        Object o = buffer.poll();
        if (o instanceof Failure f) {
            throw Rethrow.rethrowable(f.t());
        }
        return (R) o;
    }

    /** Fills the buffer with the results that are ready (waiting for one); false when everything was returned. */
    @SuppressWarnings("unchecked")
    private boolean fill(long deadlineNanos) throws InterruptedException {
        if (!buffer.isEmpty()) {
            return true;
        }
        engine.lock.lock();
        try {
            while (true) {
                if (closed) {
                    return false;
                }
                // every result that is ready, in one turn: the caller takes the lock once per batch
                int taken = 0;
                Object entry;
                while ((entry = ordered ? arrived.remove(nextToReturn) : unordered.poll()) != null) {
                    nextToReturn++;
                    taken++;
                    if (entry instanceof Failure) {
                        ((ArrayDeque<Object>) (ArrayDeque<?>) buffer).add(entry);
                        break; // the failure is thrown at its position; later results wait
                    }
                    buffer.addAll((List<R>) entry);
                }
                if (taken > 0) {
                    feeder.release(taken);
                    if (!buffer.isEmpty()) {
                        return true;
                    }
                    continue;
                }
                if (inputDone && nextToReturn >= submitted) {
                    if (cutShort) {
                        throw new IllegalStateException("the pool was shut down before this imap read all its input");
                    }
                    return false;
                }
                if (deadlineNanos == Long.MAX_VALUE) {
                    ready.await();
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new CompletionException(new TimeoutException("no result in time"));
                    }
                    ready.awaitNanos(left);
                }
            }
        } finally {
            engine.lock.unlock();
        }
    }
}
