package org.multiprocessing4j.internal.local;

import java.io.Serializable;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;

/**
 * What every object of the local backend that lives alone in a shared segment has: the segment,
 * its name, and the handle it ships as (the name, or the manager's reference once a manager owns
 * the object).
 */
public abstract class SegmentObject {
    /** The segment that holds the object. */
    final SharedSegment segment;
    /** The manager's reference this object ships as, or null; set once, before it is shared. */
    private volatile OwnedSegmentRef managed;

    SegmentObject(SharedSegment segment) {
        this.segment = segment;
    }

    /**
     * Marks this object as owned by a manager: its handle becomes {@code ref}.
     *
     * @param ref the manager's reference, or null for none
     */
    public final void managedBy(OwnedSegmentRef ref) {
        this.managed = ref;
    }

    /**
     * The segment's name.
     *
     * @return the segment's name
     */
    public final String name() {
        return segment.name();
    }

    /**
     * The segment's name, or the manager's reference when a manager owns the object.
     *
     * @return what the object ships as
     */
    public Serializable handle() {
        OwnedSegmentRef m = managed;
        return m != null ? m : segment.name();
    }

    @Override
    public String toString() {
        return segment.name();
    }
}
