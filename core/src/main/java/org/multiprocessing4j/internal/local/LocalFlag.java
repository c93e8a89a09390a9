package org.multiprocessing4j.internal.local;

import java.io.Serializable;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedEvent;
import org.multiprocessing4j.spi.Flag;

/** The local context's {@link Flag}: a {@link SharedEvent} alone in a shared segment. */
public final class LocalFlag implements Flag {
    private final SharedSegment segment;
    private final SharedEvent event;
    private volatile OwnedSegmentRef managed;

    private LocalFlag(SharedSegment segment) {
        this.segment = segment;
        this.event = new SharedEvent(segment.data(), 0);
    }

    static LocalFlag create() {
        return new LocalFlag(SharedSegments.create(SharedEvent.LENGTH));
    }

    static LocalFlag attach(String name, OwnedSegmentRef managed) {
        LocalFlag f = new LocalFlag(SharedSegments.attach(name));
        f.managed = managed;
        return f;
    }

    /** Marks this flag as owned by a manager: its handle becomes {@code ref}. */
    public void managedBy(OwnedSegmentRef ref) {
        this.managed = ref;
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

    /** The segment's name. */
    public String name() {
        return segment.name();
    }

    @Override
    public Serializable handle() {
        OwnedSegmentRef m = managed;
        return m != null ? m : segment.name();
    }

    @Override
    public String toString() {
        return segment.name();
    }
}
