package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.spi.Mutex;

/**
 * The local context's {@link Mutex}: a {@link SharedMutex} alone in a shared segment of its own,
 * with the semantics of CPython's {@code Lock} ({@code reentrant == false}: a second acquire by the
 * holder is an error) or {@code RLock} (the holder counts its acquires in the mutex's hold count).
 *
 * <p>Its handle is the segment's name, or the manager's reference when a manager owns it; both are
 * resolved back by {@link LocalBackend#resolveMutex}.
 */
public final class LocalMutex extends SegmentObject implements Mutex {
    private final SharedMutex mutex;
    private final boolean reentrant;

    private LocalMutex(SharedSegment segment, boolean reentrant) {
        super(segment);
        this.mutex = new SharedMutex(segment.data(), 0);
        this.reentrant = reentrant;
    }

    /** A new unlocked mutex in a new segment. */
    static LocalMutex create(boolean reentrant) {
        return new LocalMutex(SharedSegments.create(SharedMutex.LENGTH), reentrant);
    }

    /**
     * The mutex at offset 0 of {@code segment}, a segment it shares with what it guards (the own
     * lock of a {@code Value} or {@code Array}); its handle is that segment's name, which {@link
     * #attach} maps the same way.
     */
    public static LocalMutex at(SharedSegment segment, boolean reentrant) {
        return new LocalMutex(segment, reentrant);
    }

    /** The mutex in the segment {@code name}, made by another process; {@code managed} may be null. */
    static LocalMutex attach(String name, boolean reentrant, OwnedSegmentRef managed) {
        LocalMutex m = new LocalMutex(SharedSegments.attach(name), reentrant);
        m.managedBy(managed);
        return m;
    }

    /** The engine, for a condition over this mutex. */
    public SharedMutex engine() {
        return mutex;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this mutex is not reentrant and the calling thread holds it
     */
    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (reentrant) {
            if (mutex.isHeldByCurrentThread()) {
                int count = mutex.holdCount();
                if (count == Integer.MAX_VALUE) {
                    throw new IllegalStateException("RLock hold count=" + count + " would overflow");
                }
                mutex.setHoldCount(count + 1);
                return true;
            }
            if (mutex.tryAcquire() || (timeoutNanos > 0 && mutex.acquire(timeoutNanos) != SharedMutex.Acquired.NO)) {
                mutex.setHoldCount(1);
                return true;
            }
            return false;
        }
        if (mutex.tryAcquire()) {
            return true;
        }
        if (mutex.isHeldByCurrentThread()) {
            throw new IllegalStateException("Lock is not reentrant and this thread holds it already; use RLock");
        }
        return timeoutNanos > 0 && mutex.acquire(timeoutNanos) != SharedMutex.Acquired.NO;
    }

    /**
     * Tries once, without waiting: for {@code tryAcquire}, which never throws.
     *
     * @return whether the calling thread now holds the mutex (one more hold, if reentrant)
     */
    @Override
    public boolean tryAcquire() {
        if (reentrant && mutex.isHeldByCurrentThread()) {
            mutex.setHoldCount(mutex.holdCount() + 1);
            return true;
        }
        if (mutex.tryAcquire()) {
            if (reentrant) {
                mutex.setHoldCount(1);
            }
            return true;
        }
        return false;
    }

    @Override
    public void release() {
        if (!reentrant) {
            mutex.release();
            return;
        }
        mutex.checkHeldByCurrentThread("release");
        int count = mutex.holdCount() - 1;
        mutex.setHoldCount(Math.max(count, 0));
        if (count <= 0) {
            mutex.release();
        }
    }

    @Override
    public boolean isLocked() {
        return mutex.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByCurrentThread();
    }

    @Override
    public int holdCount() {
        if (!mutex.isHeldByCurrentThread()) {
            return 0;
        }
        return reentrant ? mutex.holdCount() : 1;
    }

    @Override
    public boolean isRecovered() {
        return mutex.isRecovered();
    }

    @Override
    public long diedOwnerPid() {
        return mutex.diedOwnerPid();
    }

    @Override
    public String toString() {
        long owner = mutex.ownerPid();
        return segment.name() + (owner == 0 ? ", unlocked" : ", locked by pid=" + owner);
    }
}
