package org.multiprocessing4j;

import java.io.Serializable;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.function.SerializableTriFunction;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.pool.ImapJob;
import org.multiprocessing4j.internal.pool.ListJob;
import org.multiprocessing4j.internal.pool.PoolEngine;
import org.multiprocessing4j.internal.pool.PoolExecutorService;
import org.multiprocessing4j.internal.pool.PoolHost;
import org.multiprocessing4j.internal.pool.ProgressListener;
import org.multiprocessing4j.internal.pool.Rethrow;
import org.multiprocessing4j.internal.pool.TaskChunk;
import org.multiprocessing4j.internal.pool.WorkerHandle;
import org.multiprocessing4j.spi.FrameQueue;

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
    // The facade: the work is done in org.multiprocessing4j.internal.pool (PoolEngine: workers,
    // dispatch, results; ListJob and ImapJob: a call's bookkeeping; PoolWorker: the worker's loop).
    private final PoolEngine engine;
    /** The builder's progress reporter, as the engine's jobs take it; null for none. */
    private final ProgressListener progress;

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
        Context context = b.threads ? Multiprocessing.getContext("threads") : Context.Current.current();
        int processes = b.processes;
        if (processes == Builder.AUTO) {
            processes = context.engine().cpuCount();
        }
        if (processes <= 0) {
            throw new IllegalArgumentException("processes=" + processes + " must be >= 1");
        }
        this.engine = new PoolEngine(b.threads ? "ThreadPool" : "Pool", new Host(context, b.jvmOptions),
                processes, b.initializer, b.maxTasksPerChild);
        Progress p = b.progress;
        this.progress = p == null ? null : p::update;
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

    /**
     * What the pool's engine needs of this package: its context's queues and workers (child JVMs
     * started as {@link Process}es of that context: child JVMs, or threads in the threads context), and the exceptions whose constructors are not public.
     */
    private record Host(Context context, String[] jvmOptions) implements PoolHost {
        @Override
        public boolean local() {
            return context.engine() instanceof LocalBackend; // workers on this machine, chunks claimed in its shared memory
        }

        @Override
        public boolean resendsLostWork() {
            // a worker thread of the threads context dies only of its task's Error: resending that task repeats it
            return !context.engine().name().equals("threads");
        }

        @Override
        public FrameQueue newQueue(int chunkSize) {
            return context.make(() -> new Queue<>(0, chunkSize)).channel;
        }

        @Override
        public WorkerHandle startWorker(SerializableRunnable loop, String name) {
            return context.make(() -> startProcess(loop, name));
        }

        private WorkerHandle startProcess(SerializableRunnable loop, String name) {
            Process p = new Process(name, loop);
            p.setDaemon(true);
            if (jvmOptions.length > 0) {
                p.addJvmOptions(jvmOptions);
            }
            p.start();
            return new WorkerHandle() {
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

        @Override
        public RuntimeException workerLost(String message, long pid, int exitCode, Throwable cause) {
            return new WorkerLostException(message, pid, exitCode, cause);
        }

        @Override
        public RuntimeException taskFailed(long index, Throwable cause) {
            return new TaskFailedException(index, cause);
        }
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
        ListJob.submitCall(engine, fn, value -> {
            R r = (R) value;
            runCallback(callback, r); // before the result is ready, as CPython
            result.complete(r);
        }, t -> {
            runCallback(errorCallback, t);
            result.fail(t);
        });
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

    /** The items as a random-access list (see {@link ListJob#items}). */
    private static <T> List<T> toList(Iterable<? extends T> items) {
        return ListJob.items(items);
    }

    @SuppressWarnings("unchecked")
    private <R> AsyncResult<List<R>> submitList(TaskChunk.Mode mode, Serializable fn, List<?> items, int chunksize,
            Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        AsyncResult<List<R>> result = new AsyncResult<>();
        ListJob.submitList(engine, mode, fn, items, chunksize, progress, values -> {
            List<R> list = (List<R>) (List<?>) values;
            runCallback(callback, list); // before the result is ready, as CPython
            result.complete(list);
        }, t -> {
            runCallback(errorCallback, t);
            result.fail(t);
        });
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

    // ---- imap

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
        return new Results<>(ImapJob.start(engine, fn, items.iterator(), chunksize, true, progress));
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
        return new Results<>(ImapJob.start(engine, fn, items.iterator(), chunksize, false, progress));
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
         * @throws TimeoutException if it did not come in time
         * @throws NoSuchElementException if there are no more results
         * @throws InterruptedException if the calling thread is interrupted while waiting
         */
        R next(Duration timeout) throws TimeoutException, InterruptedException;
    }

    /** An imap's results: its job, which reads ahead, buffers and throws at each failing position. */
    private static final class Results<R> implements ResultIterator<R> {
        private final ImapJob<R> job;

        Results(ImapJob<R> job) {
            this.job = job;
        }

        @Override
        public boolean hasNext() {
            return job.hasNext();
        }

        @Override
        public R next() {
            return job.next();
        }

        @Override
        public R next(Duration timeout) throws TimeoutException, InterruptedException {
            return job.next(timeout);
        }

        @Override
        public Iterator<R> iterator() {
            return this;
        }
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
        return new PoolExecutorService(engine, this::shutdown, this::terminate);
    }

    // ---- helpers

    /** Waits for {@code r}; a task's failure is thrown with the caller's stack (see {@link Rethrow}). */
    private static <T> T unwrap(AsyncResult<T> r) throws InterruptedException {
        return Rethrow.get(r);
    }
}
