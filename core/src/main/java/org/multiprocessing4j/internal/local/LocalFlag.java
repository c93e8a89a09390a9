package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedEvent;
import org.multiprocessing4j.spi.Flag;

/** The local context's {@link Flag}: a {@link SharedEvent} alone in a shared segment. */
public final class LocalFlag extends SegmentObject implements Flag {
    private final SharedEvent event;

    private LocalFlag(SharedSegment segment) {
        super(segment);
        this.event = new SharedEvent(segment.data(), 0);
    }

    static LocalFlag create() {
        return new LocalFlag(SharedSegments.create(SharedEvent.LENGTH));
    }

    static LocalFlag attach(String name, OwnedSegmentRef managed) {
        LocalFlag f = new LocalFlag(SharedSegments.attach(name));
        f.managedBy(managed);
        return f;
    }

    @Override
    public void set() {
        event.set();
    }

    @Override
    public void clear() {
        event.clear();
    }

    @Override
    public boolean isSet() {
        return event.isSet();
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        return event.await(timeoutNanos);
    }
}
