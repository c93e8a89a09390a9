package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.WaitSet;

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
 *
 * <h2>Other contexts</h2>
 * Made in another context (such as the cluster), the condition's waiters live there, and its lock
 * must be a lock of the same context: a condition made in the cluster context over a local lock,
 * or in the local context over a cluster lock, is refused with {@link IllegalArgumentException}
 * (make it with {@code context.make(() -> new Condition(lock))} in the lock's context).
 */
public final class Condition implements java.util.concurrent.locks.Condition, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;
    /** The lock's mutex, which waiters release while they wait. */
    private final transient Mutex mutex;
    /** The waiters, in the backend of the lock's context. */
    private final transient WaitSet waits;

    /** Creates a condition with its own {@link RLock}. */
    public Condition() {
        this(new RLock());
    }

    /**
     * Creates a condition over {@code lock} (a {@link Lock} or {@link RLock}).
     *
     * @param lock the lock the condition waits with: a {@link Lock} or {@link RLock} of the current
     *     context
     * @throws IllegalArgumentException if the lock belongs to another context than the current one
     */
    public Condition(SharedLock lock) {
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
        this.mutex = mutexOf(lock);
        this.waits = Context.Current.engine().waitSet(mutex);
    }

    /** A condition over {@code lock} whose waiters are {@code waits}, made for it (a manager's). */
    Condition(SharedLock lock, WaitSet waits) {
        this.lock = lock;
        this.mutex = mutexOf(lock);
        this.waits = waits;
    }

    private static Mutex mutexOf(SharedLock lock) {
        return switch (lock) {
            case Lock l -> l.mutex;
            case RLock r -> r.mutex;
        };
    }

    private boolean doAwait(long nanos) throws InterruptedException {
        return waits.await(mutex, nanos);
    }

    private void signalN(int n) {
        waits.signal(mutex, n);
    }

    /**
     * The lock this condition uses.
     *
     * @return the lock this condition uses
     */
    public SharedLock lock() {
        return lock;
    }

    /**
     * Acquires the lock and returns a {@link Hold} that releases it: {@code try (var _ = cond.hold())}.
     *
     * @return the hold; closing it releases the lock
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
        doAwait(Long.MAX_VALUE);
    }

    /**
     * As {@link #await()}, for at most {@code timeout}.
     *
     * @param timeout the longest time to wait
     * @return true if signalled, false if the timeout elapsed
     * @throws InterruptedException if interrupted while waiting (the lock is held again)
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return doAwait(timeout.toNanos());
    }

    /**
     * Waits until {@code predicate} is true, as Python's {@code wait_for}: checks it, and awaits
     * signals until it holds or the timeout elapses. The lock must be held.
     *
     * @param timeout the longest total wait; {@code null} for no limit
     * @param predicate the condition waited for, evaluated with the lock held
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
            doAwait(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes one waiter; the lock must be held. */
    @Override
    public void signal() {
        signalN(1);
    }

    /**
     * Wakes exactly min(n, waiting) waiters (Python's {@code notify(n)}); the lock must be held.
     *
     * @param n the most waiters to wake, 0 or more
     * @throws IllegalArgumentException if n is negative
     */
    public void signal(int n) {
        signalN(n);
    }

    /** Wakes every waiter (Python's {@code notify_all}); the lock must be held. */
    @Override
    public void signalAll() {
        signalN(Integer.MAX_VALUE);
    }

    /** Threads waiting and not yet signalled; the lock must be held. For tests and diagnostics. */
    int waitingCount() {
        lock.lock();
        try {
            return waits.waiting();
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
                doAwait(Long.MAX_VALUE);
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
        doAwait(nanosTimeout);
        return nanosTimeout - (System.nanoTime() - start);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return doAwait(unit.toNanos(time));
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return doAwait(TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis()));
    }

    @Override
    public String toString() {
        return "Condition[" + waits + ", " + lock + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Handle(lock, waits.handle());
    }

    /** The serialized form: the lock and the waiters' handle (see {@link LocalBackend#resolveWaitSet}). */
    private record Handle(SharedLock lock, Object waiters) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Condition(lock, LocalBackend.resolveWaitSet(waiters, mutexOf(lock)));
        }
    }
}
