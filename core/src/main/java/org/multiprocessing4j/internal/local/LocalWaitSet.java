package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedCondition;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The local context's {@link WaitSet}: a {@link SharedCondition} alone in a shared segment, bound
 * at creation to the {@link LocalMutex} it releases while waiting (the {@code lock} argument of
 * {@link #await} must be that mutex).
 */
public final class LocalWaitSet extends SegmentObject implements WaitSet {
    private final SharedCondition condition;
    private final LocalMutex lock;

    private LocalWaitSet(SharedSegment segment, LocalMutex lock) {
        super(segment);
        this.lock = lock;
        this.condition = new SharedCondition(segment.data(), 0, lock.engine());
    }

    static LocalWaitSet create(LocalMutex lock) {
        return new LocalWaitSet(SharedSegments.create(SharedCondition.LENGTH), lock);
    }

    static LocalWaitSet attach(String name, LocalMutex lock, OwnedSegmentRef managed) {
        LocalWaitSet w = new LocalWaitSet(SharedSegments.attach(name), lock);
        w.managedBy(managed);
        return w;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the mutex
     */
    @Override
    public boolean await(Mutex ignored, long timeoutNanos) throws InterruptedException {
        return condition.await(timeoutNanos);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the mutex
     */
    @Override
    public void signal(Mutex ignored, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " must be >= 0");
        }
        condition.signal(n);
    }

    @Override
    public int waiting() {
        return condition.waiting();
    }

    /** The mutex this wait set is bound to. */
    public LocalMutex lock() {
        return lock;
    }
}
