package org.multiprocessing4j.internal.local;

import java.io.Serializable;
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
public final class LocalTaskCounter implements TaskCounter {
    private final SharedSegment segment;
    private final SharedCounter counter;
    private volatile OwnedSegmentRef managed;

    private LocalTaskCounter(SharedSegment segment, OwnedSegmentRef managed) {
        this.segment = segment;
        this.counter = new SharedCounter(segment.data(), 0, segment.name());
        this.managed = managed;
    }

    /** A new counter at zero in a new segment. */
    static LocalTaskCounter create() {
        return new LocalTaskCounter(SharedSegments.create(SharedCounter.LENGTH), null);
    }

    /** The counter in the segment {@code name}, made by another process; {@code managed} may be null. */
    static LocalTaskCounter attach(String name, OwnedSegmentRef managed) {
        return new LocalTaskCounter(SharedSegments.attach(name), managed);
    }

    /** Marks this counter as owned by a manager: its handle becomes {@code ref}. */
    public void managedBy(OwnedSegmentRef ref) {
        this.managed = ref;
    }

    /**
     * The name of the counter's segment.
     *
     * @return the name of the counter's segment
     */
    public String name() {
        return segment.name();
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
    public Serializable handle() {
        OwnedSegmentRef m = managed;
        return m != null ? m : segment.name();
    }

    @Override
    public String toString() {
        return segment.name() + ", count=" + counter.get();
    }
}
