package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedCounter;
import org.multiprocessing4j.spi.TaskCounter;

/**
 * The local context's {@link TaskCounter}: a {@link SharedCounter} alone in a shared segment, the
 * unfinished-task count of a {@code JoinableQueue}. Its handle is the segment's name, or the
 * manager's reference when a manager owns it; both are resolved back by {@link
 * LocalBackend#resolveTaskCounter}.
 */
public final class LocalTaskCounter extends SegmentObject implements TaskCounter {
    private final SharedCounter counter;

    private LocalTaskCounter(SharedSegment segment, OwnedSegmentRef managed) {
        super(segment);
        this.counter = new SharedCounter(segment.data(), 0, segment.name());
        this.managedBy(managed);
    }

    /** A new counter at zero in a new segment. */
    static LocalTaskCounter create() {
        return new LocalTaskCounter(SharedSegments.create(SharedCounter.LENGTH), null);
    }

    /** The counter in the segment {@code name}, made by another process; {@code managed} may be null. */
    static LocalTaskCounter attach(String name, OwnedSegmentRef managed) {
        return new LocalTaskCounter(SharedSegments.attach(name), managed);
    }

    @Override
    public int get() {
        return counter.get();
    }

    @Override
    public void increment() {
        counter.increment();
    }

    @Override
    public void decrement(String what) {
        counter.decrement(what);
    }

    @Override
    public boolean awaitZero(long timeoutNanos) throws InterruptedException {
        return counter.awaitZero(timeoutNanos);
    }

    @Override
    public String toString() {
        return segment.name() + ", count=" + counter.get();
    }
}
