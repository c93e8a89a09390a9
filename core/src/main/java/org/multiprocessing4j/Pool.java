package org.multiprocessing4j;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializablePredicate;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.function.SerializableSupplier;
import org.multiprocessing4j.function.SerializableTriFunction;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.pool.ImapJob;
import org.multiprocessing4j.internal.pool.ListJob;
import org.multiprocessing4j.internal.pool.PoolEngine;
import org.multiprocessing4j.internal.pool.PoolExecutorService;
import org.multiprocessing4j.internal.pool.PoolHost;
import org.multiprocessing4j.internal.pool.PoolWorker;
import org.multiprocessing4j.internal.pool.PoolStats;
import org.multiprocessing4j.internal.pool.ProgressListener;
import org.multiprocessing4j.internal.pool.Rethrow;
import org.multiprocessing4j.internal.pool.TaskChunk;
import org.multiprocessing4j.internal.pool.WorkerHandle;
import org.multiprocessing4j.internal.pool.WorkerOptions;
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
    /** The pool's {@link PoolMXBean}. */
    private final Monitor monitor;

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
        WorkerOptions options = new WorkerOptions(b.initializer, b.maxTasksPerChild, b.maxWorkerMemory,
                b.retryOn == null ? 0 : b.retries, b.retryOn, b.state, b.onExit, b.codec);
        this.engine = new PoolEngine(b.threads ? "ThreadPool" : "Pool", new Host(context, b.jvmOptions),
                processes, options, b.taskTimeout == null ? 0 : b.taskTimeout.toNanos(), b.retries);
        Progress p = b.progress;
        this.progress = p == null ? null : p::update;
        this.monitor = new Monitor(engine, b.threads ? "ThreadPool" : "Pool");
        monitor.start();
        engine.whenReleased(monitor::close);
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
        private Duration taskTimeout;
        private int retries;
        private SerializablePredicate<Throwable> retryOn;
        private long maxWorkerMemory;
        private SerializableSupplier<?> state;
        private SerializableFunction<Object, ?> onExit;
        private String codec;

        Builder() {}

        /**
         * Carries this pool's arguments and results with the codec named {@code name} wherever
         * Java serialization would carry them: {@code "jdk"} (the default) or a plug-in codec on
         * the class path ({@link org.multiprocessing4j.spi.ObjectCodec}), such as {@code "fory"}
         * from {@code multiprocessing4j-fory} (Apache Fory: object graphs 5 to 7 times faster to
         * encode and decode than Java serialization, but about half a second of code generation in
         * each worker JVM the first time, so worth it for long-lived pools moving large graphs).
         * Scalars, strings and primitive arrays keep their own fast path whatever the codec; the
         * task functions and a task's exception travel by Java serialization. The deserialization
         * policy applies to a plug-in codec's classes too ({@link DeserializationException}).
         *
         * <pre>{@code
         * Pool p = Pool.builder().processes(4).codec("fory").build();
         * List<Summary> out = p.map(order -> summarize(order), orders); // orders: big records
         * }</pre>
         *
         * @param name {@code "jdk"} or the name of a plug-in codec on the class path
         * @return this builder
         * @throws IllegalArgumentException if no codec of that name is on the class path; the
         *     message lists the codecs there are
         */
        public Builder codec(String name) {
            Objects.requireNonNull(name, "name");
            if (name.equals("jdk")) {
                this.codec = null;
            } else {
                org.multiprocessing4j.internal.serial.PluginCodecs.named(name); // fails here, not at the first map
                this.codec = name;
            }
            return this;
        }

        /**
         * Limits each task's run time: a task still running {@code timeout} after it started
         * fails with a {@link TaskTimeoutException} (naming the task's position and the limit), its
         * worker is killed within some 10 ms of the deadline (a JVM is what can be stopped safely),
         * the other tasks that worker held run in other workers (they did not fail), and a new
         * worker, from a spare JVM when there is one, takes its place. Per task, not per chunk:
         * in a {@code map} each item has its own deadline from its own start. A call's own
         * timeout ({@link Pool#apply(SerializableCallable, Duration)}) overrides it.
         *
         * <p>In the {@code threads} context a thread cannot be stopped safely: the task's thread
         * is interrupted and given up (it runs on until its code returns or reacts to the
         * interrupt), its task fails at the deadline all the same, and a new thread takes its
         * place. A pool on a cluster has no time limits (building one throws
         * {@link UnsupportedOperationException} at the first call).
         *
         * <pre>{@code
         * Pool p = Pool.builder().processes(4).taskTimeout(Duration.ofSeconds(30)).build();
         * }</pre>
         *
         * @param timeout each task's time limit, positive
         * @return this builder
         * @throws IllegalArgumentException if timeout is zero or negative
         */
        public Builder taskTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("taskTimeout=" + timeout + " must be positive; leave it unset for"
                        + " no time limit");
            }
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * Runs a task again, up to {@code n} times, when the worker running it dies (kill -9,
         * {@code System.exit}, an {@code OutOfMemoryError}, a native crash), before failing it
         * with a {@link WorkerLostException} that says how often it ran. Only the task the worker
         * ran when it died is charged; the other tasks it held run again without being charged.
         * A task that kills every worker it touches so runs {@code n + 1} times, then fails: the
         * pool is never kept busy for ever. A task may thus run more than once: make it
         * idempotent. Default 0: the task fails at the first death (the others still run again).
         *
         * <pre>{@code
         * Pool p = Pool.builder().retries(2).build();
         * }</pre>
         *
         * @param n times a task lost to a worker's death runs again, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if n is negative
         */
        public Builder retries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("retries=" + n + " must be >= 0");
            }
            this.retries = n;
            return this;
        }

        /**
         * As {@link #retries(int)}, and also runs a task again, up to {@code n} times in the same
         * worker, when it throws an exception {@code retryOn} accepts (an I/O timeout, say). The
         * last exception fails the task; a predicate that throws means no retry.
         *
         * <pre>{@code
         * Pool p = Pool.builder().retries(3, e -> e instanceof java.io.IOException).build();
         * }</pre>
         *
         * @param n times a task runs again, 0 or more
         * @param retryOn which task exceptions are retried; it must be serializable (it runs in the workers)
         * @return this builder
         * @throws IllegalArgumentException if n is negative
         */
        public Builder retries(int n, SerializablePredicate<Throwable> retryOn) {
            retries(n);
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        /**
         * Replaces a worker whose resident set size (RSS, what the kernel counts as in memory:
         * heap, metaspace, code, stacks, mapped files) grew past {@code bytes}, after the chunk it
         * is running, as {@link #maxTasksPerChild} does (its next work goes to its replacement;
         * nothing is lost). Checked in the worker after each chunk, at some 10 to 20 µs a check.
         * A worker JVM starts at some 35 to 45 MB; a limit must leave room for the heap its
         * tasks need (see the README, "Worker memory").
         *
         * <pre>{@code
         * Pool p = Pool.builder().maxWorkerMemory(512L << 20).build();   // 512 MiB
         * }</pre>
         *
         * @param bytes the RSS limit in bytes, positive
         * @return this builder
         * @throws IllegalArgumentException if bytes is zero or negative
         */
        public Builder maxWorkerMemory(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxWorkerMemory=" + bytes + " must be a positive number of bytes;"
                        + " leave it unset for no limit");
            }
            this.maxWorkerMemory = bytes;
            return this;
        }

        /**
         * Makes a state object once in each worker (after the initializer), which its tasks get
         * with {@link Pool#workerState()}: a model, a connection, a cache that a worker keeps
         * across tasks (mpire's worker state).
         *
         * <pre>{@code
         * Pool p = Pool.builder().workerState(() -> new HashMap<String, Integer>()).build();
         * p.map(w -> Pool.<Map<String, Integer>>workerState().merge(w, 1, Integer::sum), words);
         * }</pre>
         *
         * @param <S> the state's type
         * @param state makes the state, once per worker; it must be serializable (it runs in the workers)
         * @return this builder
         */
        public <S> Builder workerState(SerializableSupplier<S> state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * As {@link #workerState(SerializableSupplier)}, with an exit hook: when a worker exits
         * normally (the pool is closed, or the worker retires after {@link #maxTasksPerChild} or
         * {@link #maxWorkerMemory}), {@code onExit} is applied to its state and the result goes
         * back to the pool, where {@link Pool#workerExits()} collects it (mpire's
         * {@code worker_exit}). A worker that is killed or dies runs no hook.
         *
         * <pre>{@code
         * Pool p = Pool.builder().workerState(Stats::new, Stats::summary).build();
         * ...
         * p.close();
         * p.workerExits().forEach(e -> System.out.println(e.pid() + ": " + e.result()));
         * }</pre>
         *
         * @param <S> the state's type
         * @param state makes the state, once per worker; it must be serializable
         * @param onExit applied to the state as the worker exits; its result must be serializable
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <S> Builder workerState(SerializableSupplier<S> state, SerializableFunction<? super S, ?> onExit) {
            workerState(state);
            this.onExit = (SerializableFunction<Object, ?>) Objects.requireNonNull(onExit, "onExit");
            return this;
        }

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
        public boolean sameMachine() {
            return local() || context.engine().name().equals("threads");
        }

        @Override
        public Throwable taskTimedOut(long task, long timeoutNanos, long pid) {
            return new TaskTimeoutException(task, Duration.ofNanos(timeoutNanos), pid);
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
     * Runs {@code fn} in a worker with a time limit: if it runs longer than {@code timeout} from
     * its start, its worker is killed and this throws a {@link TaskTimeoutException} (see
     * {@link Builder#taskTimeout}).
     *
     * <pre>{@code
     * int answer = pool.apply(() -> compute(), Duration.ofSeconds(5));
     * }</pre>
     *
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param timeout the task's time limit from its start, positive
     * @return the task's result
     * @throws TaskTimeoutException if the task ran past its deadline
     * @throws RuntimeException the task's unchecked exception, or {@link PoolTaskException} wrapping
     *     a checked one, or {@link WorkerLostException}
     * @throws InterruptedException if interrupted while waiting
     */
    public <R> R apply(SerializableCallable<R> fn, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return applyAsync(fn, timeout).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TaskTimeoutException t) {
                throw t;
            }
            throw Rethrow.rethrowable(e.getCause());
        }
    }

    /**
     * Runs {@code fn(arg)} in a worker with a time limit; see {@link #apply(SerializableCallable, Duration)}.
     *
     * @param <T> the type of the input
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param arg the task's argument; it must be serializable
     * @param timeout the task's time limit from its start, positive
     * @return the task's result
     * @throws TaskTimeoutException if the task ran past its deadline
     * @throws InterruptedException if interrupted while waiting
     */
    public <T, R> R apply(SerializableFunction<T, R> fn, T arg, Duration timeout)
            throws InterruptedException, TimeoutException {
        return apply(() -> fn.apply(arg), timeout);
    }

    /**
     * Runs {@code fn} in a worker with a time limit; the result fails with a
     * {@link TaskTimeoutException} (as the cause of {@link AsyncResult#get()}'s
     * {@code ExecutionException}) if it runs past it. See {@link Builder#taskTimeout}.
     *
     * @param <R> the result type of the task
     * @param fn the task, run in a worker; it and what it captures must be serializable
     * @param timeout the task's time limit from its start, positive
     * @return the pending result; {@link AsyncResult#get()} waits for it
     * @throws IllegalArgumentException if timeout is zero or negative
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> fn, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout=" + timeout + " must be positive");
        }
        return applyAsync(fn, timeout.toNanos(), null, null);
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
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> fn, Consumer<? super R> callback,
            Consumer<? super Throwable> errorCallback) {
        return applyAsync(fn, 0, callback, errorCallback);
    }

    @SuppressWarnings("unchecked")
    private <R> AsyncResult<R> applyAsync(SerializableCallable<R> fn, long timeoutNanos, Consumer<? super R> callback,
            Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        AsyncResult<R> result = new AsyncResult<>();
        ListJob job = ListJob.submitCall(engine, fn, timeoutNanos, value -> {
            R r = (R) value;
            runCallback(callback, r); // before the result is ready, as CPython
            result.complete(r);
        }, t -> {
            runCallback(errorCallback, t);
            result.fail(t);
        });
        result.canceller(interrupt -> engine.cancel(job, interrupt));
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
        ListJob job = ListJob.submitList(engine, mode, fn, items, chunksize, progress, values -> {
            List<R> list = (List<R>) (List<?>) values;
            runCallback(callback, list); // before the result is ready, as CPython
            result.complete(list);
        }, t -> {
            runCallback(errorCallback, t);
            result.fail(t);
        });
        result.canceller(interrupt -> engine.cancel(job, interrupt));
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
     * failure (CPython's ends at the first one). When a worker dies, only the task it ran fails
     * (with a {@link WorkerLostException}, after {@link Builder#retries} runs); the chunk's other
     * tasks run again. A chunk that fails as a whole (its arguments could not be sent or
     * decoded) throws at each of its positions. {@code imapUnordered}
     * throws a {@link TaskFailedException} naming the failing input's position, caused by the
     * task's exception.
     *
     * <p>{@link #close()} (try-with-resources) stops the imap early: it reads no more input,
     * drops the tasks not started and kills the workers running its tasks (they are replaced);
     * {@code hasNext()} is false from then on.
     *
     * <pre>{@code
     * try (var results = pool.imap(x -> search(x), inputs)) {
     *     for (var r : results) {
     *         if (r.found()) break;   // close() cancels what is left
     *     }
     * }
     * }</pre>
     *
     * @param <R> the result type
     */
    public interface ResultIterator<R> extends Iterator<R>, Iterable<R>, AutoCloseable {
        /**
         * Stops the imap: no more input is read, tasks not started are dropped, workers running
         * its tasks are killed and replaced. Idempotent.
         */
        @Override
        void close();

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

        @Override
        public void close() {
            job.close();
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
     * The state object of the pool worker running the calling task (see
     * {@link Builder#workerState(SerializableSupplier)}): made once per worker, kept across its
     * tasks.
     *
     * <pre>{@code
     * pool.map(x -> Pool.<Model>workerState().predict(x), inputs);
     * }</pre>
     *
     * @param <S> the state's type
     * @return this worker's state
     * @throws IllegalStateException if not called in a pool task, or the pool has no worker state
     */
    @SuppressWarnings("unchecked")
    public static <S> S workerState() {
        return (S) PoolWorker.state();
    }

    /**
     * What a worker's exit hook gave back (see {@link Builder#workerState(SerializableSupplier, SerializableFunction)}).
     *
     * <pre>{@code
     * for (Pool.WorkerExit e : pool.workerExits()) System.out.println(e.pid() + " " + e.result());
     * }</pre>
     *
     * @param pid the worker's pid
     * @param result the hook's result, or null if it threw
     * @param failure the hook's exception (of its original type, caused by a {@link RemoteTraceback}), or null
     */
    public record WorkerExit(long pid, Object result, Throwable failure) {}

    /**
     * The results of the exit hooks of the workers that exited normally so far, in the order
     * they exited: after {@link #close()}, one per worker that ran to the end (and one per
     * worker that retired before). Workers that were killed or died ran no hook.
     *
     * @return the workers' exit results
     */
    public List<WorkerExit> workerExits() {
        List<WorkerExit> out = new ArrayList<>();
        for (PoolEngine.WorkerExit e : engine.workerExits()) {
            out.add(new WorkerExit(e.pid(), e.result(), e.failure()));
        }
        return out;
    }

    /**
     * What the pool's workers did so far: per worker and in total, start-up time, tasks, and the
     * time spent waiting for work, serializing and working, with the slowest tasks; and the
     * pool's counts of completed, failed, lost, retried and timed-out tasks. Its
     * {@code toString()} is a table. Cheap: the workers publish their figures in shared memory
     * after each chunk, and this reads them. After the pool's workers are gone it gives their
     * last figures.
     *
     * <pre>{@code
     * pool.map(x -> work(x), inputs);
     * System.out.println(pool.insights());
     * }</pre>
     *
     * @return the pool's insights now
     */
    public PoolInsights insights() {
        PoolStats s = engine.stats();
        List<PoolInsights.Worker> workers = new ArrayList<>(s.workers().size());
        for (PoolStats.Worker w : s.workers()) {
            workers.add(insight(w));
        }
        return new PoolInsights(workers, insight(s.total()), s.busy(), s.queuedChunks(), s.completed(), s.failed(), s.lost(),
                s.retried(), s.timedOut(), slowTasks(s.slowest()));
    }

    private static PoolInsights.Worker insight(PoolStats.Worker w) {
        return new PoolInsights.Worker(w.slot(), w.pid(), w.alive(), w.startupNanos() < 0 ? null
                : Duration.ofNanos(w.startupNanos()), w.tasks(), w.chunks(), Duration.ofNanos(w.waitNanos()),
                Duration.ofNanos(w.serialNanos()), Duration.ofNanos(w.workNanos()), slowTasks(w.slowest()));
    }

    private static List<PoolInsights.SlowTask> slowTasks(List<PoolStats.SlowTask> tasks) {
        List<PoolInsights.SlowTask> out = new ArrayList<>(tasks.size());
        for (PoolStats.SlowTask t : tasks) {
            out.add(new PoolInsights.SlowTask(Duration.ofNanos(t.nanos()), t.jobId(), t.task(), t.pid()));
        }
        return out;
    }

    /**
     * The name of the pool's {@link PoolMXBean} on the platform MBean server, registered by now
     * (a pool registers it off its start path; see {@link PoolMXBean}). It is unregistered
     * when the pool's workers are gone.
     *
     * <pre>{@code
     * PoolMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), pool.mxBeanName(), PoolMXBean.class);
     * }</pre>
     *
     * @return the bean's name, {@code org.multiprocessing4j:type=Pool,name=Pool-<n>}
     */
    public ObjectName mxBeanName() {
        return monitor.name();
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

    /**
     * A pool's {@link PoolMXBean}: reads the engine's counters on each call, and registers itself on
     * the platform MBean server off the pool's start path (see {@link PoolMXBean} for when).
     */
    private static final class Monitor implements PoolMXBean {
        private static final AtomicLong NEXT = new AtomicLong();
        /** How long a pool runs before it creates the platform MBean server for its bean (see {@link PoolMXBean}). */
        static final long DELAY_MILLIS = 2_000;

        private final PoolEngine engine;
        private final String name;
        private final ObjectName objectName;
        private boolean registered; // guarded by this
        private boolean closed;     // guarded by this

        Monitor(PoolEngine engine, String poolName) {
            this.engine = engine;
            this.name = poolName + "-" + NEXT.incrementAndGet();
            try {
                this.objectName = new ObjectName("org.multiprocessing4j:type=Pool,name=" + name);
            } catch (JMException e) {
                throw new IllegalStateException(e); // the name is made of letters, digits and '-'
            }
        }

        /** Registers the bean now if the platform MBean server exists, else after {@link #DELAY_MILLIS} on a daemon thread. */
        void start() {
            long delayMillis = DELAY_MILLIS;
            if (!MBeanServerFactory.findMBeanServer(null).isEmpty()) {
                register();
                return;
            }
            Thread.ofPlatform().name("mp4j-mxbean-" + name).daemon(true).start(() -> {
                synchronized (this) {
                    long deadline = System.nanoTime() + delayMillis * 1_000_000;
                    for (long left = delayMillis; !closed && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                        try {
                            wait(left); // until the delay ends or the pool is gone (close notifies)
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                try {
                    register();
                } catch (IllegalStateException e) {
                    // no caller on this thread: the next mxBeanName() tries again and throws it there
                }
            });
        }

        /** The bean's name, registered by now (unless the pool is gone). */
        ObjectName name() {
            register();
            return objectName;
        }

        private synchronized void register() {
            if (registered || closed) {
                return;
            }
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(this, objectName);
                registered = true;
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + objectName + ": " + e.getMessage(), e);
            }
        }

        /** Unregisters the bean: the pool is gone. */
        synchronized void close() {
            closed = true;
            notifyAll();
            if (registered) {
                registered = false;
                try {
                    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                    server.unregisterMBean(objectName);
                } catch (JMException e) {
                    // unregistered by someone else meanwhile: nothing left to do
                }
            }
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getWorkers() {
            return engine.size();
        }

        @Override
        public int getBusyWorkers() {
            return engine.stats().busy();
        }

        @Override
        public int getQueuedChunks() {
            return engine.stats().queuedChunks();
        }

        @Override
        public long getCompletedTasks() {
            return engine.stats().completed();
        }

        @Override
        public long getFailedTasks() {
            return engine.stats().failed();
        }

        @Override
        public long getLostTasks() {
            return engine.stats().lost();
        }

        @Override
        public long getRetriedTasks() {
            return engine.stats().retried();
        }

        @Override
        public long getTimedOutTasks() {
            return engine.stats().timedOut();
        }
    }
}
