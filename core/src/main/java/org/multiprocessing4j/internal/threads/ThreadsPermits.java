package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.spi.Permits;

/**
 * A {@link org.multiprocessing4j.Semaphore} or {@link org.multiprocessing4j.BoundedSemaphore} of
 * the threads context: a count under a {@link ReentrantLock}, with one condition that releases
 * signal. A release that would pass the bound throws {@link IllegalStateException} and changes
 * nothing. A permit released happens-before the acquire that takes it.
 */
final class ThreadsPermits implements Permits {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final int bound;
    private final Registry.Ref ref;
    /** Permits available; guarded by lock. */
    private int value;

    ThreadsPermits(int initial, int bound) {
        if (initial < 0) {
            throw new IllegalArgumentException("semaphore value=" + initial + " must be >= 0");
        }
        this.value = initial;
        this.bound = bound < 0 ? -1 : bound;
        this.ref = Registry.register("semaphore", this);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (timeoutNanos <= 0) {
            lock.lock(); // a try-acquire: it does not wait, so it ignores an interrupt
        } else {
            lock.lockInterruptibly();
        }
        try {
            if (!Waits.until(available, () -> value != 0, timeoutNanos)) {
                return false;
            }
            value--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release() {
        lock.lock();
        try {
            if (bound >= 0 && value >= bound) {
                throw new IllegalStateException("semaphore released too many times: value=" + value
                        + " + 1 would pass its bound " + bound);
            }
            value++;
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int bound() {
        return bound;
    }

    @Override
    public int value() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String name() {
        return "threads-semaphore-" + ref.id();
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    @Override
    public String toString() {
        return name();
    }
}
