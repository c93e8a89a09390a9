package org.multiprocessing4j.internal.pool;

/** Where a job reports its progress: the pool's {@code Progress}, adapted. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * The job advanced.
     *
     * @param done the tasks done so far
     * @param total the job's tasks, or -1 while unknown (an imap still reading its input)
     */
    void update(long done, long total);
}
