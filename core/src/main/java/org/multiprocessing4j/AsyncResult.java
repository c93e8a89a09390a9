package org.multiprocessing4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of a task submitted to a {@link Pool}, as Python's {@code AsyncResult}; also a
 * {@link Future}.
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7);
 * r.await();
 * System.out.println(r.successful() + " " + r.get());   // true 42
 * }</pre>
 *
 * <p>{@link #get()} throws {@link ExecutionException} whose cause is the task's exception, of its
 * original type and message, itself caused by a {@link RemoteTraceback} with the worker's stack
 * trace; a {@link WorkerLostException} if the worker died; a {@link TaskTimeoutException} if the
 * task ran past its deadline. {@link #cancel(boolean)} drops a task that has not started, and
 * with {@code true} kills the worker running it (a JVM is what can be stopped safely). Actions of
 * the task happen-before a successful {@code get} returns.
 *
 * @param <T> the result type
 */
public final class AsyncResult<T> implements Future<T> {
    private final CompletableFuture<T> future = new CompletableFuture<>();
    /** Cancels the pool's job; set once the job is submitted. */
    private volatile Canceller canceller;

    AsyncResult() {}

    /** What cancels the task in its pool: true if it was not done yet. */
    interface Canceller {
        boolean cancel(boolean interrupt);
    }

    void canceller(Canceller c) {
        this.canceller = c;
    }

    void complete(T value) {
        future.complete(value);
    }

    void fail(Throwable t) {
        future.completeExceptionally(t);
    }

    /**
     * Waits for the result.
     *
     * @throws ExecutionException if the task failed; the cause is the task's exception
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        return future.get();
    }

    /**
     * Waits at most {@code timeout} for the result.
     *
     * @param timeout the longest time to wait
     * @return the task's result
     * @throws TimeoutException if it did not come in time
     * @throws ExecutionException if the task failed; the cause is the task's exception
     * @throws InterruptedException if interrupted while waiting
     */
    public T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout, unit);
    }

    /**
     * Waits until the result is ready (Python's {@code wait()}).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // ready, unsuccessfully
        }
    }

    /**
     * Waits at most {@code timeout} until the result is ready.
     *
     * @param timeout the longest time to wait
     * @return whether it is ready
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // ready, unsuccessfully
        } catch (TimeoutException e) {
            return false;
        }
        return true;
    }

    /**
     * Whether the task has finished, successfully or not.
     *
     * @return whether the task has finished, successfully or not
     */
    public boolean ready() {
        return future.isDone();
    }

    /**
     * Whether the task finished without an exception.
     *
     * @return whether the task finished without an exception
     * @throws IllegalStateException if it is not ready yet (as CPython's ValueError)
     */
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the result is not ready");
        }
        return !future.isCompletedExceptionally();
    }

    /**
     * A {@link CompletableFuture} completed with this task's result, or exceptionally with its
     * failure (the exception {@link #get()} would give as its cause), so that the result composes
     * with the rest of a Java program:
     *
     * <pre>{@code
     * pool.applyAsync(() -> 6 * 7).toCompletableFuture().thenApply(x -> x + 1).join();   // 43
     * }</pre>
     *
     * <p>Each call returns a new future. Completing or cancelling it affects only that future:
     * the task still runs in its worker and this {@code AsyncResult} still completes (cancel the
     * task with {@link #cancel(boolean)}).
     */
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }

    /**
     * Cancels the task (for a map, all its tasks): tasks not started yet are dropped, and with
     * {@code mayInterruptIfRunning} each worker running one is killed and replaced (its other
     * tasks run in other workers); without it, running tasks finish and their results are
     * dropped. {@link #get()} then throws {@link java.util.concurrent.CancellationException} and
     * no callback runs. A pool whose workers are on other machines (the cluster) lets running
     * tasks finish. The threads context interrupts the thread running the task and gives it up.
     *
     * <pre>{@code
     * AsyncResult<Integer> r = pool.applyAsync(() -> longJob());
     * r.cancel(true);   // its worker is killed; r.isCancelled() is true
     * }</pre>
     *
     * @param mayInterruptIfRunning whether a running task is stopped (its worker killed)
     * @return false if the task was done already (or not yet submitted), else true
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        Canceller c = canceller;
        if (future.isDone() || c == null || !c.cancel(mayInterruptIfRunning)) {
            return false;
        }
        return future.cancel(false);
    }

    /**
     * Whether {@link #cancel(boolean)} cancelled the task.
     *
     * @return whether the task was cancelled
     */
    @Override
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public String toString() {
        return "AsyncResult[" + (!future.isDone() ? "pending" : future.isCancelled() ? "cancelled"
                : future.isCompletedExceptionally() ? "failed" : "done") + "]";
    }
}
