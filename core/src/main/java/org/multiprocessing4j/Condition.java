package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.multiprocessing4j.internal.manager.ManagedObjects;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedCondition;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.spi.Backend;
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

    /** The lock the condition waits with. */
    private final SharedLock lock;
    /** The shared-memory condition; both {@code null} when {@link #remote} is set. */
    final transient SharedSegment segment;
    private final transient SharedCondition condition;
    /** For a manager's condition on the manager's machine: shipped in place of the segment's name (see {@link MutexLock#managed}). */
    transient ManagedRef managed;
    /** The waiters in another context (a cluster), or {@code null} for a shared-memory condition. */
    private final transient WaitSet remote;
    /** {@link #lock}'s lock in that context, when {@link #remote} is set. */
    private final transient Mutex remoteLock;

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
        java.util.Objects.requireNonNull(lock, "lock");
        Backend backend = Contexts.backend();
        Mutex lockRemote = remoteOf(lock);
        if (backend == null && lockRemote == null) {
            this.lock = lock;
            this.segment = SharedSegments.create(SharedCondition.LENGTH);
            this.condition = new SharedCondition(segment.data(), 0, mutexOf(lock));
            this.remote = null;
            this.remoteLock = null;
            return;
        }
        if (backend == null || lockRemote == null) {
            throw new IllegalArgumentException(backend == null
                    ? "a condition of the local context cannot use " + lock + " of another context;"
                            + " make it in the lock's context (context.make(() -> new Condition(lock)))"
                    : "a condition of the " + backend.name() + " context needs a lock of that context, not the local "
                            + lock + "; make the lock in it too (context.lock(), context.rlock())");
        }
        this.lock = lock;
        this.segment = null;
        this.condition = null;
        this.remote = backend.waitSet();
        this.remoteLock = lockRemote;
    }

    private Condition(SharedLock lock, SharedSegment segment) {
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
        this.segment = segment;
        this.condition = new SharedCondition(segment.data(), 0, mutexOf(lock));
        this.remote = null;
        this.remoteLock = null;
    }

    private Condition(SharedLock lock, WaitSet remote) {
        this.lock = lock;
        this.segment = null;
        this.condition = null;
        this.remote = remote;
        this.remoteLock = remoteOf(lock);
        if (remoteLock == null) {
            throw new IllegalArgumentException("a condition of another context over the local " + lock);
        }
    }

    private static Mutex remoteOf(SharedLock lock) {
        return ((MutexLock) lock).remote; // SharedLock permits only Lock and RLock, both MutexLocks
    }

    /** Awaits in the other context: the calling thread must hold the lock. */
    private boolean awaitRemote(long nanos) throws InterruptedException {
        // a manager's condition checks this in the server, in the same call
        if (!(remote instanceof ManagedObjects.RemoteWaitSet) && !remoteLock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("await needs the condition's lock held by this thread");
        }
        return remote.await(remoteLock, nanos);
    }

    private boolean doAwait(long nanos) throws InterruptedException {
        return remote != null ? awaitRemote(nanos) : condition.await(nanos);
    }

    private void signalN(int n) {
        if (remote != null) {
            if (!(remote instanceof ManagedObjects.RemoteWaitSet) && !remoteLock.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("signal needs the condition's lock held by this thread");
            }
            if (n < 0) {
                throw new IllegalArgumentException("n=" + n + " must be >= 0");
            }
            remote.signal(n);
        } else {
            condition.signal(n);
        }
    }

    private static SharedMutex mutexOf(java.util.concurrent.locks.Lock lock) {
        return switch (lock) {
            case Lock l -> l.mutex();
            case RLock r -> r.mutex();
            default -> throw new IllegalArgumentException("lock=" + lock.getClass().getName()
                    + " must be a multiprocessing4j Lock or RLock");
        };
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
            return remote != null ? remote.waiting() : condition.waiting();
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
        return "Condition[" + (remote != null ? remote.toString() : segment.name()) + ", " + lock + "]";
    }

    /**
     * The serialized form: a handle that deserializes into a condition on the same shared object.
     *
     * @return the handle to serialize in this condition's place
     */
    @Serial
    private Object writeReplace() {
        return new Handle(lock, remote != null ? remote.handle() : managed != null ? managed : segment.name());
    }

    /**
     * The serialized form: the lock and the segment's name (or the remote wait set's handle, which
     * deserializes into the live object, hence {@code Object}).
     *
     * @param lock the lock the condition waits with: a {@link Lock} or {@link RLock} of the current
     *     context
     * @param waiters the wait set's segment name, or the remote wait set's handle
     */
    private record Handle(SharedLock lock, Object waiters) implements Serializable {
        @Serial
        private Object readResolve() {
            if (waiters instanceof ManagedRef m) {
                Condition c = new Condition(lock, SharedSegments.attach(m.local()));
                c.managed = m;
                return c;
            }
            return waiters instanceof WaitSet w
                    ? new Condition(lock, w)
                    : new Condition(lock, SharedSegments.attach((String) waiters));
        }
    }
}
