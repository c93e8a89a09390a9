package org.multiprocessing4j.internal.pool;

import java.util.List;
import org.multiprocessing4j.internal.events.FlightEvents;
import org.multiprocessing4j.internal.events.JobEvent;
import org.multiprocessing4j.internal.serial.NotSerializableValueException;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * A job's bookkeeping in the {@link PoolEngine}: where its chunks' results go. The engine calls
 * these methods under its lock, on the result thread (or the submitting thread, for a pool that
 * cannot start workers or was terminated). The kinds: {@link ListJob} (apply, map, starmap) and
 * {@link ImapJob}.
 */
abstract class Job {
    /** The job's id in its engine, in each of its chunks. */
    final long id;

    /**
     * Each task's time limit in nanoseconds, or 0 for the pool's ({@code Pool.Builder.taskTimeout});
     * the engine sets the pool's at submission. Guarded by the engine's lock.
     */
    long timeoutNanos;

    /** Tasks and chunks whose results came, for {@link #event}; guarded by the engine's lock. */
    long tasksDone;
    int chunksDone;
    /**
     * The job's flight-recorder event, begun at its creation and committed when it is done; null
     * when the flight recorder does not run (see {@link FlightEvents}).
     */
    final JobEvent event;

    Job(long id) {
        this.id = id;
        this.event = FlightEvents.on() ? new JobEvent() : null;
        if (event != null) {
            event.begin();
        }
    }

    /**
     * The position in the job's input of the first task of chunk {@code chunkIndex}, for messages
     * that name a task: {@code chunkIndex} times the job's chunk size (its chunks are of one size
     * but the last).
     */
    abstract long firstTaskOf(int chunkIndex);

    /**
     * The job was cancelled ({@code AsyncResult.cancel}, an imap iterator's {@code close}): it
     * tells its caller so, and takes no more results. Runs under the lock.
     */
    abstract void cancelled();

    /**
     * A chunk's results arrived ({@code values} is the unpacked list) or it failed. Runs under the lock.
     *
     * @param index the chunk's index in the job; -1 when the whole job fails (the pool was
     *     terminated, or cannot start workers)
     * @param values the chunk's results, or null when it failed
     * @param failure why it failed, or null
     */
    abstract void chunkDone(int index, List<Object> values, Throwable failure);

    /**
     * A chunk's results arrived, but some of its tasks threw: their positions in {@code values}
     * hold a {@link TaskFailed}. Runs under the lock.
     */
    abstract void chunkPartlyDone(int index, List<Object> values);

    /** Whether every chunk was accounted for. */
    abstract boolean finished();

    /** The pool stops taking work: a job still reading its input stops reading. Runs under the lock. */
    void shutdown() {}

    /** In the values a job is given, in place of a result: that task threw {@code failure}. */
    record TaskFailed(Throwable failure) {}

    /** Calls {@code progress}, if any; its failure does not fail the job. */
    static void report(ProgressListener progress, long done, long total) {
        if (progress == null) {
            return;
        }
        try {
            progress.update(done, total);
        } catch (RuntimeException e) {
            // a failing progress callback does not fail the job
        }
    }

    /**
     * A task function as its chunks carry it.
     *
     * @throws IllegalArgumentException if it cannot be serialized
     */
    static byte[] encodeFunction(Object fn) {
        try {
            return Serialization.toFrame(fn);
        } catch (NotSerializableValueException e) {
            throw new IllegalArgumentException("cannot send the task to a worker: " + e.getMessage(), e);
        }
    }
}
