package org.multiprocessing4j;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.function.SerializableTriFunction;
import org.multiprocessing4j.internal.pool.Packing;
import org.multiprocessing4j.internal.pool.TaskChunk;
import org.multiprocessing4j.internal.serial.NotSerializableValueException;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * A pool of worker processes that runs tasks, as Python's {@code multiprocessing.Pool}.
 *
 * <pre>{@code
 * try (Pool p = new Pool(4)) {
 *     List<Integer> squares = p.map(x -> x * x, List.of(1, 2, 3));          // [1, 4, 9]
 *     List<Integer> sums = p.starmap(Integer::sum, List.of(Tuple.of(1, 1)));  // [2]
 *     AsyncResult<Long> pid = p.applyAsync(() -> ProcessHandle.current().pid());
 * }
 * }</pre>
 *
 * <h2>Results and failures</h2>
 * {@code map}, {@code starmap} and {@code imap} keep the input order. A task's exception reaches
 * the caller with its type and message, caused by a {@link RemoteTraceback} holding the worker's
 * stack trace: the synchronous methods throw it (an unchecked wrapper,
 * {@link PoolTaskException}, for a checked one), {@link AsyncResult#get()} throws it as the cause of
 * an {@code ExecutionException}. The exception a synchronous method throws carries the caller's
 * stack (it points at the line of the {@code pool.map} call); the worker's frames are in the
 * {@code RemoteTraceback} at the end of its cause chain, printed once. The other tasks of a
 * {@code map} still run; it throws after they finished. An argument or result that cannot be
 * serialized fails its task the same way. No exception type of the library's internal packages
 * reaches a caller.
 *
 * <h2>Workers that die</h2>
 * Beyond CPython: a worker that dies during a task (kill -9, {@code System.exit},
 * {@code OutOfMemoryError}, a native crash) fails only the tasks it held, with a
 * {@link WorkerLostException} naming its pid and exit code, within about 0.1 s; it is replaced,
 * and every other task completes. Nothing hangs.
 *
 * <h2>Lifecycle, and how it differs from CPython</h2>
 * {@link #close()} (try-with-resources) stops taking work, lets the submitted tasks finish, and
 * stops the workers, as {@code ExecutorService.close()} does; CPython's {@code with Pool()}
 * terminates instead. {@link #shutdown()} is CPython's {@code close()}: no new work, no waiting.
 * {@link #terminate()} kills the workers now and fails what is pending. Work submitted after
 * {@code shutdown} is refused with {@link RejectedExecutionException}.
 *
 * <p>Chunking: {@code map} and {@code starmap} send tasks in chunks of {@code chunksize}, by
 * default {@code ceil(n / (4 * workers))} as CPython.
 */
public class Pool implements AutoCloseable {
    private final PoolEngine engine;
    private final Progress progress;

    /**
     * A pool with one worker per processor ({@link Multiprocessing#cpuCount()}; in a context of
     * several machines, such as the cluster, the processors of all its worker machines).
     */
    public Pool() {
        this(builder());
    }

    /**
     * A pool of {@code processes} workers.
     *
     * @param processes the number of worker processes, 1 or more
     * @throws IllegalArgumentException if processes is not positive
     */
    public Pool(int processes) {
        this(builder().processes(processes));
    }

    Pool(Builder b) {
        // a ThreadPool is a pool of the threads context: its workers are processes of that context, threads
        Context context = b.threads ? org.multiprocessing4j.internal.threads.ThreadsBackend.context() : Contexts.current();
        int processes = b.processes;
        if (processes == Builder.AUTO) {
            processes = context.backend() != null ? context.backend().cpuCount() : Multiprocessing.cpuCount();
        }
        if (processes <= 0) {
            throw new IllegalArgumentException("processes=" + processes + " must be >= 1");
        }
        PoolEngine.WorkerFactory factory = (loop, name) -> startProcessWorker(loop, name, b.jvmOptions);
        this.engine = new PoolEngine(b.threads ? "ThreadPool" : "Pool", context, processes, b.initializer,
                b.maxTasksPerChild, factory);
        this.progress = b.progress;
    }

    /**
     * A builder for pools with an initializer, {@code maxTasksPerChild}, JVM options or threads.
     *
     * @return a new builder: as many workers as processors, no initializer, workers never
     *     replaced, no extra JVM options, child JVMs
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options of a pool.
     *
     * <pre>{@code
     * Pool p = Pool.builder().processes(2).initializer(() -> warmUp()).maxTasksPerChild(100).build();
     * }</pre>
     */
    public static final class Builder {
        /** The processes value that means one per processor of the pool's context. */
        static final int AUTO = Integer.MIN_VALUE;

        private int processes = AUTO;
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private String[] jvmOptions = new String[0];
        private boolean threads;
        private Progress progress;

        Builder() {}

        /**
         * The number of workers (default: the processor count).
         *
         * @param n the number of workers, 1 or more
         * @return this builder
         */
        public Builder processes(int n) {
            this.processes = n;
            return this;
        }

        /**
         * Run once in each worker before its first task.
         *
         * @param initializer run once in each worker before its first task; null for none
         * @return this builder
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = initializer;
            return this;
        }

        /**
         * Replace each worker after it ran {@code n} task chunks. Not calling this means never,
         * as CPython's {@code maxtasksperchild=None}.
         *
         * @param n the number of task chunks a worker runs before it is replaced; leave it unset for never
         * @return this builder
         * @throws IllegalArgumentException if n is 0 or negative (CPython's ValueError)
         */
        public Builder maxTasksPerChild(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("maxTasksPerChild=" + n
                        + " must be a positive number of task chunks; leave it unset for workers that are never replaced");
            }
            this.maxTasksPerChild = n;
            return this;
        }

        /**
         * JVM options for the worker processes.
         *
         * @param options JVM options, one per element ({@code "-Xmx256m"}, {@code "-Dkey=value"},
         *     ...)
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            Multiprocessing.validateJvmOptions(options);
            this.jvmOptions = options.clone();
            return this;
        }

        /**
         * Report each job's progress (for example {@link Progress#bar()}, a bar on stderr).
         *
         * @param progress the reporter called as each job advances; null for none
         * @return this builder
         */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Run the workers as threads of this process (a {@link ThreadPool}).
         *
         * @param threads true to run the workers as threads of this JVM instead of child JVMs
         * @return this builder
         */
        public Builder threads(boolean threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Starts the pool.
         *
         * @return the started pool
         */
        public Pool build() {
            return threads ? new ThreadPool(this) : new Pool(this);
        }
    }

    private static PoolEngine.Worker startProcessWorker(SerializableRunnable loop, String name, String[] jvmOptions) {
        Process p = new Process(name, loop);
        p.setDaemon(true);
        if (jvmOptions.length > 0) {
            p.addJvmOptions(jvmOptions);
        }
        p.start();
        return new PoolEngine.Worker() {
            @Override
            public boolean isAlive() {
                return p.isAlive();
            }

            @Override
            public long pid() {
                return p.pid();
            }

            @Override
            public int exitCode() {
                return p.exitCode().orElse(Integer.MIN_VALUE);
            }

            @Override
            public void kill() {
                p.kill();
            }

            @Override
            public boolean join(long millis) throws InterruptedException {
                return p.join(Duration.ofMillis(millis));
            }

            @Override
            public String stderrTail() throws InterruptedException {
                return p.stderrTail();
            }
        };
    }

    // ---- apply

    /**
     * Runs {@code fn} in a worker and returns its result.
     *
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @return the task's result
     * @throws RuntimeException the task's unchecked exception, or {@link PoolTaskException} wrapping
     *     a checked one, or {@link WorkerLostException}
     * @throws InterruptedException if interrupted while waiting
     */
    public <R> R apply(SerializableCallable<R> fn) throws InterruptedException {
        return unwrap(applyAsync(fn));
    }

    /**
     * Runs {@code fn(arg)} in a worker and returns its result; see {@link #apply(SerializableCallable)}.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param arg the task's argument; it must be serializable
     * @return the task's result
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <T, R> R apply(SerializableFunction<T, R> fn, T arg) throws InterruptedException {
        return apply(() -> fn.apply(arg));
    }

    /**
     * Runs {@code fn} in a worker.
     *
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @return the pending result; {@link AsyncResult#get()} waits for it
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> fn) {
        return applyAsync(fn, null, null);
    }

    /**
     * Runs {@code fn} in a worker, then {@code callback} with its result or {@code errorCallback}
     * with its exception (on the pool's result thread, which they should not block).
     *
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param callback called with the result on the pool's result thread (keep it short, do not
     *     block in it); may be null
     * @param errorCallback called with the task's exception instead when it fails, on the same
     *     thread; may be null
     * @return the pending result; {@link AsyncResult#get()} waits for it
     */
    @SuppressWarnings("unchecked")
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> fn, Consumer<? super R> callback,
            Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        AsyncResult<R> result = new AsyncResult<>();
        long id = engine.newJobId();
        byte[] function = encodeFunction(fn);
        ListJob<Object> job = new ListJob<>(id, 1, 1, null, values -> {
            R r = (R) values.getFirst();
            runCallback(callback, r); // before the result is ready, as CPython
            result.complete(r);
        }, t -> {
            runCallback(errorCallback, t);
            result.fail(t);
        });
        engine.submit(job, List.of(new TaskChunk(id, 0, TaskChunk.Mode.CALL, function, null)));
        return result;
    }

    // ---- map

    /**
     * Applies {@code fn} to each item, in the workers; results in input order.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @return the results, one per item, in input order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<? extends T> items) throws InterruptedException {
        return unwrap(mapAsync(fn, items));
    }

    /**
     * As {@link #map(SerializableFunction, Iterable)} with an explicit chunk size.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @param chunksize how many items one worker takes at a time, 1 or more; 0 picks one from the
     *     number of items and of workers
     * @return the results, one per item, in input order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize)
            throws InterruptedException {
        return unwrap(mapAsync(fn, items, chunksize, null, null));
    }

    /**
     * Starts a map; the result is the list of results in input order.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @return the pending list of results, one per item, in input order
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<? extends T> items) {
        return mapAsync(fn, items, 0, null, null);
    }

    /**
     * Starts a map with a chunk size (0: the default) and callbacks for the whole result list or
     * the first failure.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @param chunksize how many items one worker takes at a time, 1 or more; 0 picks one from the
     *     number of items and of workers
     * @param callback called with the list of results on the pool's result thread (keep it short,
     *     do not block in it); may be null
     * @param errorCallback called instead with the first task exception, on the same thread; may be
     *     null
     * @return the pending list of results, one per item, in input order
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<? extends T> items,
            int chunksize, Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        return submitList(TaskChunk.Mode.MAP, fn, toList(items), chunksize, callback, errorCallback);
    }

    /**
     * Applies {@code fn} to each pair; results in input order (Python's {@code starmap}).
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the argument tuples, one task each; each must be serializable
     * @return the results, one per tuple, in input order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<? extends Tuple2<A, B>> items)
            throws InterruptedException {
        return unwrap(starmapAsync(fn, items));
    }

    /**
     * Applies {@code fn} to each triple; results in input order.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <C> the type of the third argument
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the argument tuples, one task each; each must be serializable
     * @return the results, one per tuple, in input order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <A, B, C, R> List<R> starmap(SerializableTriFunction<A, B, C, R> fn,
            Iterable<? extends Tuple3<A, B, C>> items) throws InterruptedException {
        return unwrap(starmapAsync(fn, items));
    }

    /**
     * As {@link #starmap(SerializableBiFunction, Iterable)} with a chunk size.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the argument tuples, one task each; each must be serializable
     * @param chunksize how many items one worker takes at a time, 1 or more; 0 picks one from the
     *     number of items and of workers
     * @return the results, one per tuple, in input order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<? extends Tuple2<A, B>> items,
            int chunksize) throws InterruptedException {
        return unwrap(submitList(TaskChunk.Mode.STAR2, fn, toList(items), chunksize, null, null));
    }

    /**
     * Starts a starmap over pairs.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the argument tuples, one task each; each must be serializable
     * @return the pending list of results, one per tuple, in input order
     */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn,
            Iterable<? extends Tuple2<A, B>> items) {
        return submitList(TaskChunk.Mode.STAR2, fn, toList(items), 0, null, null);
    }

    /**
     * Starts a starmap over triples.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <C> the type of the third argument
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the argument tuples, one task each; each must be serializable
     * @return the pending list of results, one per tuple, in input order
     */
    public <A, B, C, R> AsyncResult<List<R>> starmapAsync(SerializableTriFunction<A, B, C, R> fn,
            Iterable<? extends Tuple3<A, B, C>> items) {
        return submitList(TaskChunk.Mode.STAR3, fn, toList(items), 0, null, null);
    }

    /**
     * The items as a random-access list: a caller's list itself (it is only read, packed into
     * chunks before {@code submitList} returns), else a copy.
     */
    @SuppressWarnings("unchecked")
    private static <T> List<T> toList(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        if (items instanceof List<?> l && items instanceof java.util.RandomAccess) {
            return (List<T>) l;
        }
        List<T> list = items instanceof Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
        for (T t : items) {
            list.add(t);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private <R> AsyncResult<List<R>> submitList(TaskChunk.Mode mode, Serializable fn, List<?> items, int chunksize,
            Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize=" + chunksize + " must be >= 1 (or 0 for the default)");
        }
        AsyncResult<List<R>> result = new AsyncResult<>();
        int n = items.size();
        int size = chunksize > 0 ? chunksize : defaultChunksize(n);
        long id = engine.newJobId();
        byte[] function = encodeFunction(fn);
        int chunks = n == 0 ? 0 : (n + size - 1) / size;
        ListJob<Object> job = new ListJob<>(id, n, size, progress, values -> {
            List<R> list = (List<R>) (List<?>) values;
            runCallback(callback, list); // before the result is ready, as CPython
            result.complete(list);
        }, t -> {
            runCallback(errorCallback, t);
            result.fail(t);
        });
        List<TaskChunk> taskChunks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            List<?> slice = items.subList(c * size, Math.min(n, (c + 1) * size));
            taskChunks.add(new TaskChunk(id, c, mode, function, Packing.pack(slice)));
        }
        engine.submit(job, taskChunks);
        return result;
    }

    /**
     * Runs a user's callback on the result thread, before the result is marked ready (as CPython);
     * its exception is reported on stderr, not propagated: the result completes regardless.
     */
    private static <V> void runCallback(Consumer<? super V> callback, V value) {
        if (callback == null) {
            return;
        }
        try {
            callback.accept(value);
        } catch (RuntimeException e) {
            System.err.println("pool callback failed: " + e);
        }
    }

    private int defaultChunksize(int n) {
        int workers4 = engine.size() * 4;
        return Math.max(1, (n + workers4 - 1) / workers4);
    }

    private static byte[] encodeFunction(Object fn) {
        try {
            return Serialization.toFrame(fn);
        } catch (NotSerializableValueException e) {
            throw new IllegalArgumentException("cannot send the task to a worker: " + e.getMessage(), e);
        }
    }

    // ---- imap

    /**
     * Chunks an imap reads ahead of its caller, per worker: enough to keep each worker's
     * {@link PoolEngine#DEEP_PREFETCH} chunks in its inbox while the feeder refills in batches
     * (measured on 2 cores, chunksize 1: 4 per worker gave about 100 k tasks/s, 16 about 300 k).
     */
    static final int IMAP_READ_AHEAD_PER_WORKER = 2 * PoolEngine.DEEP_PREFETCH;

    /**
     * Applies {@code fn} to each item lazily, with chunk size 1: results come in input order as
     * they are ready, and the input is read ahead only a bounded amount, so an endless iterator
     * works.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @return an iterator over the results in input order; {@code next()} waits for the next one
     */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    /**
     * As {@link #imap(SerializableFunction, Iterable)} with a chunk size.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @param chunksize how many items one worker takes at a time, 1 or more
     * @return an iterator over the results in input order; {@code next()} waits for the next one
     */
    public <T, R> ResultIterator<R> imap(SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
        return new ImapJob<R>(fn, items.iterator(), chunksize, true).start();
    }

    /**
     * As {@link #imap(SerializableFunction, Iterable)}, but results come in completion order.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @return an iterator over the results in completion order; {@code next()} waits for the next
     *     one
     */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> fn, Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    /**
     * As {@link #imapUnordered(SerializableFunction, Iterable)} with a chunk size.
     *
     * @param <T> the type of the inputs
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param items the inputs, one task argument each; each must be serializable
     * @param chunksize how many items one worker takes at a time, 1 or more
     * @return an iterator over the results in completion order; {@code next()} waits for the next
     *     one
     */
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<T, R> fn, Iterable<? extends T> items,
            int chunksize) {
        return new ImapJob<R>(fn, items.iterator(), chunksize, false).start();
    }

    /**
     * The results of {@code imap}: an iterator (and a one-shot iterable, for for-each loops) that
     * blocks for the next result and throws a task's exception at its position.
     *
     * <p>Each input position yields its own result or its own exception, whatever the chunk size:
     * when one task of a chunk throws, the chunk's other tasks still deliver their results, so
     * the n-th {@code next()} always belongs to the n-th input and the iteration goes on after a
     * failure (CPython's ends at the first one). A chunk that fails as a whole (its worker died,
     * its arguments could not be sent) throws at each of its positions. {@code imapUnordered}
     * throws a {@link TaskFailedException} naming the failing input's position, caused by the
     * task's exception.
     *
     * @param <R> the result type
     */
    public interface ResultIterator<R> extends Iterator<R>, Iterable<R> {
        /**
         * Waits at most {@code timeout} for the next result.
         *
         * @param timeout the longest time to wait
         * @return the next result
         * @throws java.util.concurrent.TimeoutException if it did not come in time
         * @throws NoSuchElementException if there are no more results
         * @throws InterruptedException if the calling thread is interrupted while waiting
         */
        R next(Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException;
    }

    // ---- lifecycle

    /** Stops taking work; submitted tasks finish and then the workers exit (CPython's {@code close()}). */
    public void shutdown() {
        engine.shutdown();
    }

    /** Kills the workers now; pending tasks fail with {@link RejectedExecutionException}. */
    public void terminate() {
        engine.terminate();
    }

    /**
     * Waits for the workers to exit after {@link #shutdown()} or {@link #terminate()}.
     *
     * @throws IllegalStateException if the pool is still running
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        engine.join(Long.MAX_VALUE / 2_000_000);
    }

    /** {@link #shutdown()} then {@link #join()}: the submitted tasks finish, then the workers stop. */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The number of workers.
     *
     * @return the number of workers
     */
    public int processes() {
        return engine.size();
    }

    /**
     * The pids of the live workers.
     *
     * @return the pids of the live workers
     */
    public List<Long> workerPids() {
        return engine.workerPids();
    }

    /**
     * An {@link ExecutorService} view: tasks must be serializable ({@code Callable & Serializable},
     * {@code Runnable & Serializable}, a {@link SerializableCallable} or a
     * {@link SerializableRunnable}); others are refused with {@link RejectedExecutionException}
     * naming their class. So {@code CompletableFuture.supplyAsync(fn, pool.asExecutorService())}
     * is refused (it hands the executor a non-serializable wrapper of its own); use
     * {@code pool.applyAsync(fn).toCompletableFuture()} instead. Shutting the view down shuts the
     * pool down.
     *
     * <pre>{@code
     * ExecutorService ex = pool.asExecutorService();
     * Future<Integer> f = ex.submit((Callable<Integer> & Serializable) () -> 6 * 7);
     * ex.execute((Runnable & Serializable) () -> System.out.println("in a worker"));
     * }</pre>
     *
     * @return an {@link ExecutorService} view
     */
    public ExecutorService asExecutorService() {
        return new ExecutorView();
    }

    // ---- helpers

    private static <T> T unwrap(AsyncResult<T> r) throws InterruptedException {
        try {
            return r.get();
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    /**
     * A task's failure as the synchronous methods throw it: an unchecked one as it is, a checked
     * one in a {@link PoolTaskException}; with this thread's stack, so that it points at the
     * caller's line, while its cause chain ends in the worker's {@link RemoteTraceback}.
     */
    static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            callersStack(re);
            return re;
        }
        if (cause instanceof Error err) {
            callersStack(err);
            throw err;
        }
        return new PoolTaskException("pool task failed: " + cause, cause);
    }

    /** Gives {@code t} this thread's stack from the pool method the caller called on (the pool's own frames dropped). */
    private static void callersStack(Throwable t) {
        StackTraceElement[] frames = new Throwable().getStackTrace();
        int first = 0;
        while (first < frames.length - 1 && frames[first].getClassName().startsWith(Pool.class.getName())) {
            first++;
        }
        t.setStackTrace(Arrays.copyOfRange(frames, first, frames.length));
    }

    /** A job whose results form a list (apply, map, starmap). */
    private static final class ListJob<V> extends PoolEngine.Job {
        private final Object[] values;
        private final int chunksize;
        private int chunksLeft;
        private Throwable failure;
        private final Consumer<List<Object>> onSuccess;
        private final Consumer<Throwable> onFailure;
        private boolean done;
        private final Progress progress;
        private long tasksDone;

        ListJob(long id, int n, int chunksize, Progress progress, Consumer<List<Object>> onSuccess,
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
                if (progress != null) {
                    try {
                        progress.update(tasksDone, values.length);
                    } catch (RuntimeException e) {
                        // a failing progress callback does not fail the job
                    }
                }
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
                if (v instanceof PoolEngine.TaskFailed f) {
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
    }

    /**
     * An imap: a feeder thread reads the input, at most {@link #IMAP_READ_AHEAD_PER_WORKER} chunks per
     * worker ahead of what the caller consumed, and the caller's iterator takes results in order
     * (or as they come).
     *
     * <p>Hand-offs between the threads are batched, since with tiny chunks they are most of the
     * cost: the feeder sleeps until half the read-ahead is free again (not until one chunk is),
     * and the caller takes every result that is ready in one turn of the lock.
     */
    private final class ImapJob<R> extends PoolEngine.Job implements ResultIterator<R> {

        private final Iterator<?> input;
        private final int chunksize;
        private final boolean ordered;
        private final byte[] function;
        /** Chunks the feeder may read ahead; it takes them {@link #refill} at a time. */
        private final java.util.concurrent.Semaphore credits;
        /**
         * At most half the read-ahead, so the feeder never waits for credits that only chunks it
         * has not submitted could free: if fewer than refill are free, more than refill are out.
         */
        private final int refill;
        // guarded by engine.lock
        /** Results by chunk index (ordered), or in arrival order (unordered); the other stays empty. */
        private final java.util.Map<Integer, Object> arrived = new java.util.HashMap<>();
        private final ArrayDeque<Object> unordered = new ArrayDeque<>();
        private int submitted;
        private boolean inputDone;
        private boolean cutShort;
        private volatile Thread feeder;
        private int nextToReturn;
        private int received;
        private final ArrayDeque<R> buffer = new ArrayDeque<>();
        private final java.util.concurrent.locks.Condition ready;

        ImapJob(SerializableFunction<?, ?> fn, Iterator<?> input, int chunksize, boolean ordered) {
            super(engine.newJobId());
            if (chunksize < 1) {
                throw new IllegalArgumentException("chunksize=" + chunksize + " must be >= 1");
            }
            this.input = input;
            this.chunksize = chunksize;
            this.ordered = ordered;
            this.function = encodeFunction(fn);
            this.credits = new java.util.concurrent.Semaphore(IMAP_READ_AHEAD_PER_WORKER * engine.size());
            this.refill = Math.max(1, IMAP_READ_AHEAD_PER_WORKER * engine.size() / 2);
            this.ready = engine.lock.newCondition();
        }

        ImapJob<R> start() {
            engine.submit(this, List.of());
            feeder = Thread.ofPlatform().name("imap-feeder-" + id).daemon(true).start(this::feed);
            return this;
        }

        @Override
        void shutdown() {
            if (!inputDone) {
                inputDone = true;
                cutShort = true;
                Thread f = feeder;
                if (f != null) { // null: the pool shut down between the submit and the feeder's start,
                    f.interrupt(); // and the feeder will find inputDone set
                }
                ready.signalAll();
            }
        }

        private void feed() {
            int held = 0; // credits taken and not yet spent on a chunk
            try {
                while (true) {
                    if (held == 0) {
                        credits.acquire(refill);
                        held = refill + credits.drainPermits();
                    }
                    held--;
                    List<Object> chunk = new ArrayList<>(chunksize);
                    while (chunk.size() < chunksize && input.hasNext()) {
                        chunk.add(input.next());
                    }
                    engine.lock.lock();
                    try {
                        if (inputDone) {
                            break; // the pool was shut down
                        }
                        if (chunk.isEmpty()) {
                            inputDone = true;
                            ready.signalAll();
                            break;
                        }
                        int index = submitted++;
                        itemsSubmitted += chunk.size();
                        engine.submitMore(this, List.of(new TaskChunk(id, index, TaskChunk.Mode.MAP, function,
                                Packing.pack(chunk))));
                    } finally {
                        engine.lock.unlock();
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                engine.lock.lock();
                try {
                    if (cutShort) {
                        return;
                    }
                    inputDone = true;
                    store(submitted++, new Failure(e));
                    received++; // the failure stands for a chunk: the job can finish
                    ready.signalAll();
                } finally {
                    engine.lock.unlock();
                }
            }
            engine.jobMaybeFinished(this);
        }

        private record Failure(Throwable t) {}

        private long tasksDone;
        private long itemsSubmitted; // guarded by engine.lock

        @Override
        void chunkDone(int index, List<Object> values, Throwable t) {
            if (progress != null && values != null) {
                tasksDone += values.size();
                try {
                    progress.update(tasksDone, inputDone ? itemsSubmitted : -1);
                } catch (RuntimeException e) {
                    // a failing progress callback does not fail the job
                }
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
                if (feeder != null) {
                    feeder.interrupt();
                }
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
                entries.add(v instanceof PoolEngine.TaskFailed f ? failureAt(index, i, f.failure()) : v);
            }
            chunkDone(index, entries, null);
        }

        /** The failure of input {@code i} of chunk {@code chunk}: unordered, it names the input's position. */
        private Failure failureAt(int chunk, int i, Throwable t) {
            return new Failure(ordered ? t : new TaskFailedException((long) chunk * chunksize + i, t));
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
            return inputDone && received >= submitted;
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

        @Override
        public R next(Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                if (!fill(deadline)) {
                    throw new NoSuchElementException("no more results");
                }
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.util.concurrent.TimeoutException te) {
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
                throw rethrowable(f.t());
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
                        credits.release(taken);
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
                            throw new java.util.concurrent.CompletionException(
                                    new java.util.concurrent.TimeoutException("no result in time"));
                        }
                        ready.awaitNanos(left);
                    }
                }
            } finally {
                engine.lock.unlock();
            }
        }

        @Override
        public Iterator<R> iterator() {
            return this;
        }
    }

    /** A {@code Runnable & Serializable} with its result value, as a pool task. */
    private record RunnableTask<T>(Runnable runnable, T value) implements SerializableCallable<T> {
        @Override
        public T call() {
            runnable.run();
            return value;
        }
    }

    /** A {@code Callable & Serializable} as a pool task. */
    private record CallableTask<T>(Callable<T> callable) implements SerializableCallable<T> {
        @Override
        public T call() throws Exception {
            return callable.call();
        }
    }

    private static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture$";

    /** The refusal of a task that cannot be sent to a worker, naming the ways that work. */
    private static RejectedExecutionException notShippable(Object task, String kind) {
        return new RejectedExecutionException("task " + task.getClass().getName() + " is not serializable, so it"
                + " cannot be sent to a pool worker: the pool's executor takes only " + kind + " & Serializable"
                + " tasks. CompletableFuture.supplyAsync/runAsync(fn, pool.asExecutorService()) hands the executor"
                + " a non-serializable wrapper of its own: use pool.applyAsync(fn).toCompletableFuture() instead");
    }

    /** The ExecutorService view. */
    private final class ExecutorView extends AbstractExecutorService {
        @Override
        @SuppressWarnings("unchecked")
        protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
            if (!(callable instanceof Serializable)) {
                throw notShippable(callable, "Callable");
            }
            return new RemoteTask<>(callable instanceof SerializableCallable<?> sc ? (SerializableCallable<T>) sc
                    : new CallableTask<>(callable));
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
            if (!(runnable instanceof Serializable) || runnable.getClass().getName().startsWith(COMPLETABLE_FUTURE)) {
                // CompletableFuture's async tasks are ForkJoinTasks, Serializable in name only
                throw notShippable(runnable, "Runnable");
            }
            return new RemoteTask<>(new RunnableTask<>(runnable, value));
        }

        @Override
        public void execute(Runnable command) {
            Objects.requireNonNull(command, "command");
            RunnableFuture<?> task = command instanceof RemoteTask<?> t ? t : newTaskFor(command, null);
            try {
                ((RemoteTask<?>) task).submit();
            } catch (IllegalArgumentException e) { // it claimed to be Serializable, but something it refers to is not
                Object user = switch (((RemoteTask<?>) task).task) {
                    case RunnableTask<?> r -> r.runnable();
                    case CallableTask<?> c -> c.callable();
                    case SerializableCallable<?> c -> c;
                };
                RejectedExecutionException refused = notShippable(user, user instanceof Runnable ? "Runnable" : "Callable");
                refused.initCause(e);
                throw refused;
            }
        }

        @Override
        public void shutdown() {
            Pool.this.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            Pool.this.terminate();
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return engine.state() != PoolEngine.State.RUNNING;
        }

        @Override
        public boolean isTerminated() {
            try {
                return isShutdown() && engine.join(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return engine.join(Math.max(1, unit.toMillis(timeout)));
        }

        /** A FutureTask whose run() submits the task to the pool and completes from its result. */
        private final class RemoteTask<T> extends FutureTask<T> {
            private final SerializableCallable<T> task;

            RemoteTask(SerializableCallable<T> task) {
                super(() -> {
                    throw new IllegalStateException("not run locally");
                });
                this.task = task;
            }

            void submit() {
                applyAsync(task, this::set, this::setException);
            }

            @Override
            public void run() {
                submit();
            }
        }
    }
}
