package org.multiprocessing4j.internal.shm;

import java.io.Serializable;

/**
 * A serializable reference to an object in a shared segment of this machine that another process
 * owns and serves (a manager's lock, queue or value): shipped in place of the bare segment name so
 * that a process on another machine can reach the object through its owner.
 *
 * <p>The local backend's objects hold one when a manager owns them, and attach to {@link #local()}
 * when one is deserialized on the owner's machine.
 */
public interface OwnedSegmentRef extends Serializable {
    /**
     * The name of the segment that holds the object.
     *
     * @return the name of the segment that holds the object
     */
    String local();

    /**
     * The reference of a part the object holds in the same segment (the own lock of a value's
     * cells), or null.
     *
     * @return the reference of a part of the object, or null
     */
    Object inner();
}
