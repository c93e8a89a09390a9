package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * What {@link Lock} and {@link RLock} share: a {@link SharedMutex} at offset 0 of a segment's data,
 * the state queries, and the serialized form (the segment's name and which kind of lock).
 *
 * <pre>{@code
 * SharedLock lock = new RLock();
 * boolean mine = lock.isHeldByCurrentThread();
 * }</pre>
 */
abstract sealed class MutexLock implements Serializable permits Lock, RLock {
    @Serial
    private static final long serialVersionUID = 1L;

    final transient SharedSegment segment;
    final transient SharedMutex mutex;

    /** A lock at offset 0 of {@code segment}'s data (which other objects, such as a Value, may share). */
    MutexLock(SharedSegment segment) {
        this.segment = segment;
        this.mutex = new SharedMutex(segment.data(), 0);
    }

    /** Whether some thread of some process holds the lock. */
    public boolean isLocked() {
        return mutex.isLocked();
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return mutex.isHeldByCurrentThread();
    }

    /** Whether the current holder took the lock from a process that died holding it. */
    public boolean isRecovered() {
        return mutex.isRecovered();
    }

    /** The pid of the last process that died holding this lock, or 0. */
    public long diedOwnerPid() {
        return mutex.diedOwnerPid();
    }

    SharedMutex mutex() {
        return mutex;
    }

    @Override
    public String toString() {
        long owner = mutex.ownerPid();
        return getClass().getSimpleName() + "[" + segment.name()
                + (owner == 0 ? ", unlocked]" : ", locked by pid=" + owner + "]");
    }

    /** Package-private, not private, so that it applies to both subclasses. */
    @Serial
    final Object writeReplace() {
        return new Handle(segment.name(), this instanceof RLock);
    }

    /** The serialized form: the segment's name and whether the lock is reentrant. */
    private record Handle(String segment, boolean reentrant) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedSegment s = SharedSegments.attach(segment);
            return reentrant ? new RLock(s) : new Lock(s);
        }
    }
}
