package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The waiters of a {@link org.multiprocessing4j.Condition} of the threads context: a FIFO of
 * waiter nodes under an internal {@link ReentrantLock}, each node with its own condition.
 *
 * <h2>Protocol</h2>
 * A waiter, holding the condition's {@link Mutex}, enqueues its node, releases every hold of the
 * mutex, and waits on its node's condition until the node is marked signalled or its timeout
 * passes. {@code signal(n)} dequeues the oldest min(n, waiting) nodes, marks them and wakes them.
 * A waiter that times out or is interrupted removes its own node, unless it was signalled
 * meanwhile: then it returns true (re-asserting the interrupt), so no signal is lost. Finally it
 * takes the mutex back with as many holds as it had, whatever happened (interrupts while doing
 * so are re-asserted).
 *
 * <h2>Invariants</h2>
 * {@code waiting} holds exactly the nodes not yet signalled, so wake-ups are exact and a wait
 * returns true only after a signal. No signal is missed: a node is enqueued while its waiter
 * holds the mutex, which signallers hold too.
 */
final class ThreadsWaitSet implements WaitSet {
    /** One waiting thread; {@code signalled} is guarded by the wait set's lock. */
    private static final class Waiter {
        final Condition woken;
        boolean signalled;

        Waiter(Condition woken) {
            this.woken = woken;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Waiters not yet signalled, oldest first; guarded by lock. */
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private final Registry.Ref ref = Registry.register("condition", this);

    @Override
    public boolean await(Mutex mutex, long timeoutNanos) throws InterruptedException {
        int holds = mutex.holdCount();
        if (holds <= 0) {
            throw new IllegalMonitorStateException("await needs the condition's lock held by this thread");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter w;
        lock.lock();
        try {
            w = new Waiter(lock.newCondition());
            waiting.addLast(w);
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < holds; i++) {
            mutex.release();
        }
        InterruptedException interrupted = null;
        boolean signalled;
        lock.lock();
        try {
            long left = timeoutNanos;
            try {
                while (!w.signalled) {
                    if (timeoutNanos == Long.MAX_VALUE) {
                        w.woken.await();
                    } else {
                        if (left <= 0) {
                            break;
                        }
                        left = w.woken.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                interrupted = e;
            }
            signalled = w.signalled;
            if (!signalled) {
                waiting.remove(w);
            }
        } finally {
            lock.unlock();
            reacquire(mutex, holds);
        }
        if (interrupted != null) {
            if (!signalled) {
                throw interrupted;
            }
            Thread.currentThread().interrupt(); // signalled: keep the signal, re-assert the interrupt
        }
        return signalled;
    }

    /** Takes {@code holds} holds of {@code mutex}, ignoring interrupts (re-asserted after). */
    private static void reacquire(Mutex mutex, int holds) {
        boolean interrupted = false;
        int taken = 0;
        while (taken < holds) {
            try {
                if (mutex.acquire(Long.MAX_VALUE)) {
                    taken++;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void signal(Mutex held, int n) {
        if (!held.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("signal needs the condition's lock held by this thread");
        }
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " must be >= 0");
        }
        lock.lock();
        try {
            for (int i = 0; i < n && !waiting.isEmpty(); i++) {
                Waiter w = waiting.pollFirst();
                w.signalled = true;
                w.woken.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    @Override
    public String toString() {
        return "threads-condition-" + ref.id();
    }
}
