package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * What a {@link PoolEngine} needs of the API package, and nothing else: the pool's context (where
 * its queues live and its workers run) and the public exception types whose constructors are not
 * public. {@code Pool} implements it; so the engine and its jobs use no public behaviour class
 * ({@code Queue}, {@code Process}, {@code Context}).
 */
public interface PoolHost {
    /**
     * Whether the workers share this machine's memory with the engine (a local pool): then chunks
     * get claim words and can move between workers, and a chunk held by a lost worker that started
     * fails instead of running again.
     *
     * @return true for a pool whose workers are on this machine
     */
    boolean local();

    /**
     * Whether a lost worker's started chunks may run again elsewhere: true where a worker is lost
     * to something outside its task (a cluster member leaving), false for the threads context,
     * whose worker threads die only of their own task's {@code Error}.
     *
     * @return whether started chunks of a lost worker are re-sent (when not {@link #local()})
     */
    boolean resendsLostWork();

    /**
     * Whether the workers run on this machine (a local pool, or threads of this JVM): then the
     * pool has a {@link WorkerBoard} in shared memory, which gives task time limits and per-task
     * retries.
     *
     * @return whether the workers are on this machine
     */
    boolean sameMachine();

    /**
     * The public exception for a task that ran past its deadline ({@code TaskTimeoutException}),
     * a new object each call.
     *
     * @param task the task's position in its job's input (0 for an apply)
     * @param timeoutNanos its time limit
     * @param pid the pid of the worker that was killed for it
     * @return the exception the task fails with
     */
    Throwable taskTimedOut(long task, long timeoutNanos, long pid);

    /**
     * Makes an unbounded frame queue in the pool's context.
     *
     * @param chunkSize the size of a local queue's storage chunks (see {@code Queue(int, int)})
     * @return the new queue
     */
    FrameQueue newQueue(int chunkSize);

    /**
     * Starts a worker, in the pool's context, running {@code loop}.
     *
     * @param loop what the worker runs: {@link PoolWorker#task}
     * @param name the worker's name
     * @return the running worker
     */
    WorkerHandle startWorker(SerializableRunnable loop, String name);

    /**
     * The public exception for a lost worker ({@code WorkerLostException}), a new object each call.
     *
     * @param message what happened, for the caller
     * @param pid the dead worker's pid
     * @param exitCode its exit code ({@link Integer#MIN_VALUE} if unknown)
     * @param cause what it died of, if known; else null
     * @return the exception to fail a task with
     */
    RuntimeException workerLost(String message, long pid, int exitCode, Throwable cause);

    /**
     * The public exception for the failure of the input at {@code index} of an unordered imap
     * ({@code TaskFailedException}).
     *
     * @param index the failing input's position
     * @param cause the task's exception
     * @return the exception the iterator throws at that position
     */
    RuntimeException taskFailed(long index, Throwable cause);
}
