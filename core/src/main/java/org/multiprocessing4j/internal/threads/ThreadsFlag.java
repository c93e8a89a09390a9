package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.spi.Flag;

/**
 * An {@link org.multiprocessing4j.Event} of the threads context: a boolean under a {@link
 * ReentrantLock}; {@code set} signals every waiter. Actions before {@code set} happen-before a
 * waiter's return from {@code await} that saw it set.
 */
final class ThreadsFlag implements Flag {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Registry.Ref ref = Registry.register("event", this);
    /** Written under lock; read without it by {@link #isSet()}. */
    private volatile boolean set;

    @Override
    public void set() {
        lock.lock();
        try {
            set = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            set = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isSet() {
        return set;
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            return Waits.until(changed, () -> set, timeoutNanos);
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
        return "threads-event-" + ref.id();
    }
}
