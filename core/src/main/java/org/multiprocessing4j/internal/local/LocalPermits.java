package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedSemaphore;
import org.multiprocessing4j.spi.Permits;

/** The local context's {@link Permits}: a {@link SharedSemaphore} alone in a shared segment. */
public final class LocalPermits extends SegmentObject implements Permits {
    private final SharedSemaphore semaphore;

    private LocalPermits(SharedSegment segment) {
        super(segment);
        this.semaphore = new SharedSemaphore(segment.data(), 0);
    }

    static LocalPermits create(int initial, int bound) {
        LocalPermits p = new LocalPermits(SharedSegments.create(SharedSemaphore.LENGTH));
        p.semaphore.init(initial, bound);
        return p;
    }

    static LocalPermits attach(String name, OwnedSegmentRef managed) {
        LocalPermits p = new LocalPermits(SharedSegments.attach(name));
        p.managedBy(managed);
        return p;
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        return semaphore.tryAcquire() || (timeoutNanos > 0 && semaphore.acquire(timeoutNanos));
    }

    /** Takes a permit if one is free, without waiting. */
    @Override
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    @Override
    public void release() {
        semaphore.release(1);
    }

    @Override
    public int bound() {
        return semaphore.bound();
    }

    @Override
    public int value() {
        return semaphore.value();
    }
}
