package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedCondition;
import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * A condition variable shared by processes, as Python's {@code multiprocessing.Condition}, over a
 * {@link Lock} or {@link RLock} (its own {@code RLock} by default). It is also a
 * {@link java.util.concurrent.locks.Condition}. Python's {@code wait}, {@code wait_for},
 * {@code notify} and {@code notify_all} are {@link #await()}, {@link #awaitUntil(BooleanSupplier, Duration)},
 * {@link #signal()} and {@link #signalAll()} here.
 *
 * <pre>{@code
 * Condition cond = new Condition();
 * Process consumer = new Process(() -> {
 *     try (var _ = cond.hold()) {
 *         cond.await();                     // until notified
 *     }
 * });
 * // in the producer:
 * try (var _ = cond.hold()) {
 *     cond.signalAll();
 * }
 * }</pre>
 *
 * <h2>Exact wake-ups</h2>
 * {@link #signal(int) signal(n)} wakes exactly min(n, waiting) waiters, and {@code await} does not
 * return without a signal or its timeout. Awaiting or signalling without holding the lock throws
 * {@link IllegalMonitorStateException}. The lock is re-acquired before every {@code await} returns,
 * also on timeout and interrupt; if its holder died meanwhile, it is recovered as {@link Lock} says.
 */
public final class Condition implements java.util.concurrent.locks.Condition, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;
    private final transient SharedSegment segment;
    private final transient SharedCondition condition;

    /** Creates a condition with its own {@link RLock}. */
    public Condition() {
        this(new RLock());
    }

    /** Creates a condition over {@code lock} (a {@link Lock} or {@link RLock}). */
    public Condition(SharedLock lock) {
        this(lock, SharedSegments.create(SharedCondition.LENGTH));
    }

    private Condition(SharedLock lock, SharedSegment segment) {
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
        this.segment = segment;
        this.condition = new SharedCondition(segment.data(), 0, mutexOf(lock));
    }

    private static SharedMutex mutexOf(java.util.concurrent.locks.Lock lock) {
        return switch (lock) {
            case Lock l -> l.mutex();
            case RLock r -> r.mutex();
            default -> throw new IllegalArgumentException("lock=" + lock.getClass().getName()
                    + " must be a multiprocessing4j Lock or RLock");
        };
    }

    /** The lock this condition uses. */
    public SharedLock lock() {
        return lock;
    }

    /**
     * Acquires the lock and returns a {@link Hold} that releases it: {@code try (var _ = cond.hold())}.
     *
     * @throws InterruptedException if interrupted while waiting for the lock
     */
    public Hold hold() throws InterruptedException {
        return lock.hold();
    }

    /**
     * Releases the lock, waits for a signal, and re-acquires the lock.
     *
     * @throws InterruptedException if interrupted while waiting (the lock is held again)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    @Override
    public void await() throws InterruptedException {
        condition.await(Long.MAX_VALUE);
    }

    /**
     * As {@link #await()}, for at most {@code timeout}.
     *
     * @return true if signalled, false if the timeout elapsed
     * @throws InterruptedException if interrupted while waiting (the lock is held again)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return condition.await(timeout.toNanos());
    }

    /**
     * Waits until {@code predicate} is true, as Python's {@code wait_for}: checks it, and awaits
     * signals until it holds or the timeout elapses. The lock must be held.
     *
     * @param timeout the longest total wait; {@code null} for no limit
     * @return the predicate's last value
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            condition.await(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes one waiter; the lock must be held. */
    @Override
    public void signal() {
        condition.signal(1);
    }

    /**
     * Wakes exactly min(n, waiting) waiters (Python's {@code notify(n)}); the lock must be held.
     *
     * @throws IllegalArgumentException if n is negative
     */
    public void signal(int n) {
        condition.signal(n);
    }

    /** Wakes every waiter (Python's {@code notify_all}); the lock must be held. */
    @Override
    public void signalAll() {
        condition.signal(Integer.MAX_VALUE);
    }

    /** Threads waiting and not yet signalled; the lock must be held. For tests and diagnostics. */
    int waitingCount() {
        lock.lock();
        try {
            return condition.waiting();
        } finally {
            lock.unlock();
        }
    }

    // java.util.concurrent.locks.Condition

    @Override
    public void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                condition.await(Long.MAX_VALUE);
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
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        condition.await(nanosTimeout);
        return nanosTimeout - (System.nanoTime() - start);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return condition.await(unit.toNanos(time));
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return condition.await(TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis()));
    }

    @Override
    public String toString() {
        return "Condition[" + segment.name() + ", " + lock + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Handle(lock, segment.name());
    }

    /** The serialized form: the lock and the segment's name. */
    private record Handle(SharedLock lock, String segment) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Condition(lock, SharedSegments.attach(segment));
        }
    }
}
