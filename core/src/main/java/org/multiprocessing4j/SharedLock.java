package org.multiprocessing4j;

import java.time.Duration;

/**
 * What {@link Lock} and {@link RLock} have in common: a lock shared by processes, owned by the
 * process and thread that acquired it. {@code Value.getLock()} and {@code Condition} use it.
 *
 * <pre>{@code
 * SharedLock lock = value.getLock();
 * try (var _ = lock.hold()) {
 *     value.set(value.get() + 1);
 * }
 * }</pre>
 */
public sealed interface SharedLock extends java.util.concurrent.locks.Lock permits Lock, RLock {
    /**
     * Blocks until the lock is acquired.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void acquire() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @param timeout the longest time to wait
     * @return whether it was acquired
     * @throws InterruptedException if interrupted while waiting
     */
    boolean acquire(Duration timeout) throws InterruptedException;

    /**
     * Takes the lock if it can now; returns whether it did.
     *
     * @return whether the lock was taken
     */
    boolean tryAcquire();

    /**
     * Releases the lock (one level of it, for an {@link RLock}).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void release();

    /**
     * Acquires the lock and returns a {@link Hold} that releases it.
     *
     * @return the hold; closing it releases the lock
     * @throws InterruptedException if interrupted while waiting
     */
    Hold hold() throws InterruptedException;

    /**
     * Whether the calling thread holds the lock.
     *
     * @return whether the calling thread holds the lock
     */
    boolean isHeldByCurrentThread();

    /**
     * Whether the current holder took the lock from a process that died holding it.
     *
     * @return whether the current holder took the lock from a process that died holding it
     */
    boolean isRecovered();

    /**
     * The pid of the last process that died holding this lock, or 0.
     *
     * @return the pid of the last process that died holding this lock, or 0
     */
    long diedOwnerPid();

    // java.util.concurrent.locks.Lock, in terms of the methods above

    /** Acquires the lock, ignoring interrupts (they are re-asserted afterwards). */
    @Override
    default void lock() {
        boolean interrupted = false;
        while (true) {
            try {
                acquire();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    default void lockInterruptibly() throws InterruptedException {
        acquire();
    }

    @Override
    default boolean tryLock() {
        return tryAcquire();
    }

    @Override
    default boolean tryLock(long time, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return acquire(Duration.ofNanos(unit.toNanos(time)));
    }

    @Override
    default void unlock() {
        release();
    }
}
