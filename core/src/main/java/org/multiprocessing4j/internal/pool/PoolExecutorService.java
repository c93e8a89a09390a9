package org.multiprocessing4j.internal.pool;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.function.SerializableCallable;

/**
 * A pool's {@code ExecutorService} view ({@code Pool.asExecutorService()}): each task runs as an
 * apply in a worker, so it must be serializable; others are refused with
 * {@link RejectedExecutionException} naming their class. Shutting the view down shuts the pool down.
 */
public final class PoolExecutorService extends AbstractExecutorService {
    private final PoolEngine engine;
    private final Runnable shutdown;
    private final Runnable terminate;

    /**
     * The view of the pool that {@code engine} runs.
     *
     * @param engine the pool's engine
     * @param shutdown the pool's {@code shutdown()}
     * @param terminate the pool's {@code terminate()}
     */
    public PoolExecutorService(PoolEngine engine, Runnable shutdown, Runnable terminate) {
        this.engine = engine;
        this.shutdown = shutdown;
        this.terminate = terminate;
    }

    /**
     * A {@code Runnable & Serializable} with its result value, as a pool task.
     *
     * @param <T> the result type
     * @param runnable the user's task
     * @param value what the task returns
     */
    private record RunnableTask<T>(Runnable runnable, T value) implements SerializableCallable<T> {
        @Override
        public T call() {
            runnable.run();
            return value;
        }
    }

    /**
     * A {@code Callable & Serializable} as a pool task.
     *
     * @param <T> the result type
     * @param callable the user's task
     */
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
        shutdown.run();
    }

    @Override
    public List<Runnable> shutdownNow() {
        terminate.run();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return !engine.isRunning();
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
        /** The pool's job once submitted, for {@link #cancel}. */
        private volatile ListJob job;

        RemoteTask(SerializableCallable<T> task) {
            super(() -> {
                throw new IllegalStateException("not run locally");
            });
            this.task = task;
        }

        @SuppressWarnings("unchecked")
        void submit() {
            job = ListJob.submitCall(engine, task, value -> set((T) value), this::setException);
        }

        /** Cancels the task: a queued one is dropped; with {@code mayInterruptIfRunning} a running one's worker is killed. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            ListJob j = job;
            if (j != null && !isDone()) {
                engine.cancel(j, mayInterruptIfRunning);
            }
            return super.cancel(false);
        }

        @Override
        public void run() {
            submit();
        }
    }
}
