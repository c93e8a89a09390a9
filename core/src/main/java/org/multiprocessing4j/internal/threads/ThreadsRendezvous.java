package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.spi.Rendezvous;

/**
 * A {@link org.multiprocessing4j.Barrier} of the threads context, built as {@link
 * java.util.concurrent.CyclicBarrier} is (a generation object, a count, one lock and condition)
 * but numbering arrivals as CPython does: 0 for the first to arrive, {@code parties - 1} for the
 * last, which runs the action before anyone is released.
 *
 * <h2>Breaking</h2>
 * A waiter's timeout or interrupt, a failing action, or {@link #abort()} breaks the current
 * generation: its waiters throw {@link BrokenBarrierException}, and so does every later {@code
 * await} until {@link #reset()}, which breaks the current generation (its waiters throw) and
 * starts a fresh one. A timeout or interrupt that comes after the round completed does not break
 * it (the interrupt is re-asserted). Actions of each party before {@code await} happen-before
 * the action and the return of every party's {@code await} of that round.
 */
final class ThreadsRendezvous implements Rendezvous {
    /** One round; {@code broken} is guarded by lock. */
    private static final class Generation {
        boolean broken;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition tripped = lock.newCondition();
    private final int parties;
    private final SerializableRunnable action;
    private final Registry.Ref ref = Registry.register("barrier", this);
    /** The current round; guarded by lock. */
    private Generation generation = new Generation();
    /** Parties arrived in the current round; guarded by lock. */
    private int arrived;

    ThreadsRendezvous(int parties, SerializableRunnable action) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties=" + parties + " must be > 0");
        }
        this.parties = parties;
        this.action = action;
    }

    @Override
    public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        lock.lock();
        try {
            Generation g = generation;
            if (g.broken) {
                throw new BrokenBarrierException("barrier broken");
            }
            if (Thread.interrupted()) {
                breakLocked();
                throw new InterruptedException();
            }
            int index = arrived++;
            if (index == parties - 1) {
                runAction();
                next();
                return index;
            }
            long left = timeoutNanos;
            while (true) {
                try {
                    if (timeoutNanos == Long.MAX_VALUE) {
                        tripped.await();
                    } else if (left > 0) {
                        left = tripped.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    if (g == generation && !g.broken) {
                        breakLocked();
                        throw e;
                    }
                    Thread.currentThread().interrupt(); // the round ended meanwhile: its outcome decides
                }
                if (g.broken) {
                    throw new BrokenBarrierException("barrier broken");
                }
                if (g != generation) {
                    return index;
                }
                if (timeoutNanos != Long.MAX_VALUE && left <= 0) {
                    breakLocked();
                    throw new BrokenBarrierException("barrier broken: timed out waiting for " + parties + " parties");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs the action as the last party, under the lock; a failure breaks the round and is rethrown. */
    private void runAction() {
        if (action == null) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            breakLocked();
            throw e;
        } catch (Exception e) {
            breakLocked();
            throw new IllegalStateException("barrier action failed: " + e, e);
        }
    }

    /** Ends the round: wakes its waiters and starts the next. */
    private void next() {
        tripped.signalAll();
        arrived = 0;
        generation = new Generation();
    }

    private void breakLocked() {
        generation.broken = true;
        arrived = 0;
        tripped.signalAll();
    }

    @Override
    public void abort() {
        lock.lock();
        try {
            breakLocked();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void reset() {
        lock.lock();
        try {
            breakLocked();
            next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isBroken() {
        lock.lock();
        try {
            return generation.broken;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int waiting() {
        lock.lock();
        try {
            return generation.broken ? 0 : arrived;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    @Override
    public String toString() {
        return "threads-barrier-" + ref.id();
    }
}
