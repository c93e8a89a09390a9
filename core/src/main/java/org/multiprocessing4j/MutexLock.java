package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Mutex;

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

    /** The shared-memory lock; both {@code null} when {@link #remote} is set. */
    final transient SharedSegment segment;
    final transient SharedMutex mutex;
    /** The lock of another context (a cluster), or {@code null} for a shared-memory lock. */
    final transient Mutex remote;
    /**
     * For a manager's lock on the manager's machine: what to ship in place of the segment's name,
     * so that a copy read on another machine reaches the manager. Set once, before the lock is
     * shared; null otherwise.
     */
    transient ManagedRef managed;

    /** A lock at offset 0 of {@code segment}'s data (which other objects, such as a Value, may share). */
    MutexLock(SharedSegment segment) {
        this.segment = segment;
        this.mutex = new SharedMutex(segment.data(), 0);
        this.remote = null;
    }

    /** The lock {@code remote} of another context, or for {@code null} a new one in shared memory. */
    MutexLock(Mutex remote) {
        this.remote = remote;
        this.segment = remote == null ? SharedSegments.create(SharedMutex.LENGTH) : null;
        this.mutex = remote == null ? new SharedMutex(segment.data(), 0) : null;
    }

    /** A lock of the current context's backend, or {@code null} in the local context. */
    static Mutex remoteOrNull(boolean reentrant) {
        Backend backend = Contexts.backend();
        return backend == null ? null : backend.mutex(reentrant);
    }

    /** The shared-memory mutex, for the classes built on it; fails for a lock of another context. */
    SharedMutex localMutex(String user) {
        if (mutex == null) {
            throw new UnsupportedOperationException(user + " is not available with a lock of the "
                    + remote.getClass().getSimpleName() + " kind (" + remote.name() + ")");
        }
        return mutex;
    }

    /**
     * Whether some thread of some process holds the lock.
     *
     * @return whether some thread of some process holds the lock
     */
    public boolean isLocked() {
        return remote != null ? remote.isLocked() : mutex.isLocked();
    }

    /**
     * Whether the calling thread holds the lock.
     *
     * @return whether the calling thread holds the lock
     */
    public boolean isHeldByCurrentThread() {
        return remote != null ? remote.isHeldByCurrentThread() : mutex.isHeldByCurrentThread();
    }

    /**
     * Whether the current holder took the lock from a process that died holding it.
     *
     * @return whether the current holder took the lock from a process that died holding it
     */
    public boolean isRecovered() {
        return remote == null && mutex.isRecovered();
    }

    /**
     * The pid of the last process that died holding this lock, or 0.
     *
     * @return the pid of the last process that died holding this lock, or 0
     */
    public long diedOwnerPid() {
        return remote == null ? mutex.diedOwnerPid() : 0;
    }

    SharedMutex mutex() {
        return localMutex("this operation");
    }

    @Override
    public String toString() {
        if (remote != null) {
            return getClass().getSimpleName() + "[" + remote.name() + (remote.isLocked() ? ", locked]" : ", unlocked]");
        }
        long owner = mutex.ownerPid();
        return getClass().getSimpleName() + "[" + segment.name()
                + (owner == 0 ? ", unlocked]" : ", locked by pid=" + owner + "]");
    }

    /** Package-private, not private, so that it applies to both subclasses. */
    @Serial
    final Object writeReplace() {
        return new Handle(remote != null ? remote.handle() : managed != null ? managed : segment.name(),
                this instanceof RLock);
    }

    /**
     * The serialized form: the segment's name (or the remote lock's handle, or a manager's {@link
     * ManagedRef}) and whether the lock is reentrant.
     *
     * @param lock the segment's name, the remote lock's handle, or a manager's reference
     * @param reentrant whether the lock is an {@link RLock}
     */
    private record Handle(Object lock, boolean reentrant) implements Serializable {
        @Serial
        private Object readResolve() {
            if (lock instanceof Mutex m) {
                return reentrant ? new RLock(m) : new Lock(m);
            }
            if (lock instanceof ManagedRef m) { // a manager's lock, on the manager's machine
                SharedSegment s = SharedSegments.attach(m.local());
                MutexLock l = reentrant ? new RLock(s) : new Lock(s);
                l.managed = m;
                return l;
            }
            SharedSegment s = SharedSegments.attach((String) lock);
            return reentrant ? new RLock(s) : new Lock(s);
        }
    }
}
