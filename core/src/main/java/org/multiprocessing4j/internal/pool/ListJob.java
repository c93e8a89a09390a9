package org.multiprocessing4j.internal.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * A job whose results form a list (apply, map, starmap): it collects each chunk's values at the
 * chunk's place, and once every chunk is in, hands the list, or the first failure, to its
 * callbacks (on the result thread).
 */
public final class ListJob extends Job {
    private final Object[] values;
    private final int chunksize;
    private int chunksLeft;
    private Throwable failure;
    private final Consumer<List<Object>> onSuccess;
    private final Consumer<Throwable> onFailure;
    private boolean done;
    private final ProgressListener progress;
    private long tasksDone;

    private ListJob(long id, int n, int chunksize, ProgressListener progress, Consumer<List<Object>> onSuccess,
            Consumer<Throwable> onFailure) {
        super(id);
        this.progress = progress;
        this.values = new Object[n];
        this.chunksize = chunksize;
        this.chunksLeft = n == 0 ? 0 : (n + chunksize - 1) / chunksize;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        if (chunksLeft == 0) {
            done = true;
            onSuccess.accept(new ArrayList<>());
        }
    }

    /**
     * Submits one call of {@code fn} (apply).
     *
     * @param engine the pool's engine
     * @param fn the task; it must be serializable
     * @param onSuccess called with the task's result
     * @param onFailure called instead with its exception
     * @throws IllegalArgumentException if {@code fn} cannot be serialized
     * @throws java.util.concurrent.RejectedExecutionException if the pool takes no more work
     */
    public static ListJob submitCall(PoolEngine engine, Serializable fn, Consumer<Object> onSuccess,
            Consumer<Throwable> onFailure) {
        return submitCall(engine, fn, 0, onSuccess, onFailure);
    }

    /**
     * Submits one call of {@code fn} (apply) with a time limit.
     *
     * @param engine the pool's engine
     * @param fn the task; it must be serializable
     * @param timeoutNanos the task's time limit; 0 for the pool's
     * @param onSuccess called with the task's result
     * @param onFailure called instead with its exception
     * @return the job, for {@link PoolEngine#cancel}
     * @throws IllegalArgumentException if {@code fn} cannot be serialized
     * @throws java.util.concurrent.RejectedExecutionException if the pool takes no more work
     */
    public static ListJob submitCall(PoolEngine engine, Serializable fn, long timeoutNanos, Consumer<Object> onSuccess,
            Consumer<Throwable> onFailure) {
        Objects.requireNonNull(fn, "fn");
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout=" + timeoutNanos + " ns must be positive");
        }
        long id = engine.newJobId();
        byte[] function = encodeFunction(fn);
        ListJob job = new ListJob(id, 1, 1, null, values -> onSuccess.accept(values.getFirst()), onFailure);
        job.timeoutNanos = timeoutNanos;
        engine.submit(job, List.of(new TaskChunk(id, 0, TaskChunk.Mode.CALL, function, null)));
        return job;
    }

    /**
     * Submits {@code fn} over {@code items}, in chunks (map, starmap).
     *
     * @param engine the pool's engine
     * @param mode how a worker applies {@code fn} to an item
     * @param fn the task; it must be serializable
     * @param items the inputs, read before this returns (see {@link #items(Iterable)})
     * @param chunksize items per chunk; 0 for {@code ceil(n / (4 * workers))}, as CPython, but
     *     no more items than fill about {@link #CHUNK_BYTES} ({@link ItemBytes})
     * @param progress told as chunks complete; null for none
     * @param onSuccess called with the results in input order
     * @param onFailure called instead with the first failure, once every chunk is in
     * @return the job, for {@link PoolEngine#cancel}
     * @throws IllegalArgumentException if chunksize is negative or {@code fn} cannot be serialized
     * @throws java.util.concurrent.RejectedExecutionException if the pool takes no more work
     */
    public static ListJob submitList(PoolEngine engine, TaskChunk.Mode mode, Serializable fn, List<?> items,
            int chunksize, ProgressListener progress, Consumer<List<Object>> onSuccess, Consumer<Throwable> onFailure) {
        Objects.requireNonNull(fn, "fn");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize=" + chunksize + " must be >= 1 (or 0 for the default)");
        }
        int n = items.size();
        int size = chunksize > 0 ? chunksize : defaultChunksize(items, engine.size());
        long id = engine.newJobId();
        byte[] function = encodeFunction(fn);
        int chunks = n == 0 ? 0 : (n + size - 1) / size;
        ListJob job = new ListJob(id, n, size, progress, onSuccess, onFailure);
        List<TaskChunk> taskChunks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            List<?> slice = items.subList(c * size, Math.min(n, (c + 1) * size));
            taskChunks.add(new TaskChunk(id, c, mode, function, Packing.pack(slice)));
        }
        engine.submit(job, taskChunks);
        return job;
    }

    /**
     * The items as a random-access list: a caller's list itself (it is only read, packed into
     * chunks before {@code submitList} returns), else a copy.
     *
     * @param <T> the item type
     * @param items the caller's items
     * @return them as a random-access list
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> items(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        if (items instanceof List<?> l && items instanceof RandomAccess) {
            return (List<T>) l;
        }
        List<T> list = items instanceof Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
        for (T t : items) {
            list.add(t);
        }
        return list;
    }

    /**
     * The most argument bytes a chunk of the default size holds (one item at least). CPython's
     * rule alone makes chunks of 25 arrays of 1 MiB for 200 arrays on 2 workers: each worker then
     * holds 100 MiB in its inbox at once, in fresh shared memory every map, and waits for whole
     * 25 MiB chunks. Chunks of about 2 MiB keep the in-flight data within the queues' reused
     * chunk files and the workers busy (seed_pool_map_200x1MiB: see benchmarks/README.md).
     */
    static final long CHUNK_BYTES = 2L << 20;

    /** CPython's {@code ceil(n / (4 * workers))}, capped so that a chunk holds about {@link #CHUNK_BYTES}. */
    static int defaultChunksize(List<?> items, int workers) {
        int n = items.size();
        int workers4 = workers * 4;
        int cpython = Math.max(1, (n + workers4 - 1) / workers4);
        long perItem = ItemBytes.perItem(items);
        if (perItem <= 0) {
            return cpython;
        }
        return (int) Math.max(1, Math.min(cpython, CHUNK_BYTES / perItem));
    }

    @Override
    void chunkDone(int index, List<Object> chunkValues, Throwable t) {
        if (done) {
            return;
        }
        if (index < 0) { // the pool was terminated
            chunksLeft = 0;
            failure = failure == null ? t : failure;
        } else {
            chunksLeft--;
            if (t != null) {
                failure = failure == null ? t : failure;
                tasksDone += Math.min(chunksize, values.length - (long) index * chunksize);
            } else {
                for (int i = 0; i < chunkValues.size(); i++) {
                    values[index * chunksize + i] = chunkValues.get(i);
                }
                tasksDone += chunkValues.size();
            }
            report(progress, tasksDone, values.length);
        }
        if (chunksLeft == 0) {
            done = true;
            if (failure != null) {
                onFailure.accept(failure);
            } else {
                onSuccess.accept(new ArrayList<>(Arrays.asList(values)));
            }
        }
    }

    @Override
    void chunkPartlyDone(int index, List<Object> chunkValues) {
        Throwable first = null;
        for (Object v : chunkValues) {
            if (v instanceof TaskFailed f) {
                first = f.failure();
                break;
            }
        }
        chunkDone(index, null, first);
    }

    @Override
    boolean finished() {
        return done;
    }

    @Override
    long firstTaskOf(int chunkIndex) {
        return (long) chunkIndex * chunksize;
    }

    @Override
    void cancelled() {
        done = true; // the caller's AsyncResult is cancelled by the caller's call; no callback runs
    }
}
