package org.multiprocessing4j;

import java.io.InvalidObjectException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.multiprocessing4j.internal.manager.ManagedObjects;
import org.multiprocessing4j.internal.local.LocalMutex;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Cells;

/**
 * The shared memory behind a {@link Value} or an {@link Array}: one segment holding the optional
 * own lock, a small descriptor and the elements; and the serialized form of both.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  SharedMutex of the own RLock (SharedMutex.LENGTH = 48 bytes); |  0
 *  |  zero and unused when the lock is supplied or there is none    |
 *  +---------------------------------------------------------------+
 *  |                     kind: "VALU" or "ARRY"                    | 48
 *  +---------------------------------------------------------------+
 *  |                     typecode (the char, e.g. 'i')             | 52
 *  +---------------------------------------------------------------+
 *  |                     length in elements (1 for a Value)        | 56
 *  +---------------------------------------------------------------+
 *  |                     lock mode: 0 own, 1 supplied, 2 none      | 60
 *  +---------------------------------------------------------------+
 *  |                     elements, each naturally aligned          | 64
 *  |                     ... length * element size bytes           |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Offsets are from the start of the segment's data, which is 64-byte aligned, so every element
 * is naturally aligned and volatile and atomic access to it is allowed. The descriptor (48..63) is
 * written once by the creator before any handle to the segment exists, and is checked against the
 * handle when one is deserialized.
 *
 * <p>In a context with a {@link Backend} (the cluster), there is no segment: the elements are the
 * backend's {@link Cells} ({@link #remote}, 64 bits per element: integers sign-extended, floats and
 * doubles as their raw bits), the own lock is an {@link RLock} of that context, and the serialized
 * form is a {@link RemoteHandle} carrying both. The typed classes check {@code remote != null} (a
 * final field) before their local memory access, so the local path keeps its single volatile access.
 */
final class SharedCells {
    /** Offset of the own lock's mutex. */
    static final int MUTEX_OFFSET = 0;
    /** Offset of the kind word. */
    static final int KIND_OFFSET = 48;
    /** Offset of the typecode word. */
    static final int TYPECODE_OFFSET = 52;
    /** Offset of the element count. */
    static final int LENGTH_OFFSET = 56;
    /** Offset of the lock mode word. */
    static final int LOCK_MODE_OFFSET = 60;
    /** Offset of element 0. */
    static final long DATA_OFFSET = 64;

    /** Kind word of a Value: "VALU". */
    static final int VALUE_KIND = 0x56414C55;
    /** Kind word of an Array: "ARRY". */
    static final int ARRAY_KIND = 0x41525259;

    static {
        if (SharedMutex.LENGTH > KIND_OFFSET) {
            throw new ExceptionInInitializerError("SharedMutex.LENGTH=" + SharedMutex.LENGTH
                    + " no longer fits before KIND_OFFSET=" + KIND_OFFSET);
        }
    }

    /** How a Value or Array is guarded. */
    enum LockMode {
        /** Its own {@link RLock}, in the same segment at {@link #MUTEX_OFFSET} (the default). */
        OWN,
        /** A lock the caller supplied. */
        SUPPLIED,
        /** No lock: Python's {@code RawValue}/{@code RawArray} ({@code lock=False}). */
        NONE
    }

    /** The segment; null when {@link #remote} is set. */
    final SharedSegment segment;
    /** The segment's data: descriptor and elements; null when {@link #remote} is set. */
    final MemorySegment memory;
    /** The elements in another context's cells, or null for shared memory. */
    final Cells remote;
    final int kind;
    final Typecode typecode;
    final int length;
    final LockMode mode;
    /** The guarding lock; null when {@link #mode} is NONE. */
    final SharedLock lock;
    /**
     * For a manager's value or array on the manager's machine: shipped in place of the segment's
     * name (see {@link LocalMutex#managedBy}); its {@code inner} is the own lock's. Set once, before sharing.
     */
    ManagedRef managed;

    private SharedCells(SharedSegment segment, int kind, Typecode typecode, int length, LockMode mode,
            SharedLock supplied) {
        this.segment = segment;
        this.memory = segment.data();
        this.remote = null;
        this.kind = kind;
        this.typecode = typecode;
        this.length = length;
        this.mode = mode;
        this.lock = switch (mode) {
            case OWN -> new RLock(LocalMutex.at(segment, true));
            case SUPPLIED -> supplied;
            case NONE -> null;
        };
    }

    /** Cells of another context; the lock is that context's {@link RLock} when {@code mode} is OWN. */
    private SharedCells(Cells remote, int kind, Typecode typecode, int length, LockMode mode, SharedLock lock) {
        this.segment = null;
        this.memory = null;
        this.remote = remote;
        this.kind = kind;
        this.typecode = typecode;
        this.length = length;
        this.mode = mode;
        this.lock = mode == LockMode.NONE ? null : lock;
    }

    /**
     * Creates the segment of a Value or Array of {@code length} zeroed elements.
     *
     * @param supplied the lock when {@code mode} is SUPPLIED
     * @throws IllegalArgumentException if {@code length} is negative
     */
    static SharedCells create(int kind, Typecode typecode, int length, LockMode mode, SharedLock supplied) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " must be >= 0");
        }
        if (mode == LockMode.SUPPLIED) {
            Objects.requireNonNull(supplied, "lock (pass true, or use the default factory, for a new RLock)");
        }
        Backend backend = Contexts.backend();
        if (backend != null) {
            Cells remote = backend.cells(length);
            SharedLock lock = switch (mode) {
                case OWN -> new RLock(backend.mutex(true));
                case SUPPLIED -> supplied;
                case NONE -> null;
            };
            return new SharedCells(remote, kind, typecode, length, mode, lock);
        }
        SharedSegment segment = SharedSegments.create(DATA_OFFSET + (long) length * typecode.size);
        MemorySegment m = segment.data();
        m.set(ValueLayout.JAVA_INT, KIND_OFFSET, kind);
        m.set(ValueLayout.JAVA_INT, TYPECODE_OFFSET, typecode.code);
        m.set(ValueLayout.JAVA_INT, LENGTH_OFFSET, length);
        m.set(ValueLayout.JAVA_INT, LOCK_MODE_OFFSET, mode.ordinal());
        VarHandle.releaseFence();
        return new SharedCells(segment, kind, typecode, length, mode, supplied);
    }

    /** Converts {@code lock} (Python's {@code lock=True/False}) to a mode. */
    static LockMode mode(boolean lock) {
        return lock ? LockMode.OWN : LockMode.NONE;
    }

    /** The lock, or an {@link UnsupportedOperationException} for a raw Value or Array. */
    SharedLock lockOrThrow(String type) {
        if (lock == null) {
            throw new UnsupportedOperationException(type + " " + name() + " was made without a lock"
                    + " (lock=false, Python's RawValue/RawArray), so it has no getLock(); make it with a lock,"
                    + " or use the lock-free atomics of IntValue/LongValue/IntArray/LongArray");
        }
        return lock;
    }

    /**
     * An {@code int} compare-and-set on a 64-bit cell of another context. Wrapping adds ({@link
     * Cells#getAndAdd}) may leave bits above the low 32 in the cell, which the {@code int} reads
     * ignore; so after a failed exact attempt this compares the low 32 bits and retries with the
     * cell's actual bits. The usual case is one round trip.
     */
    static boolean compareAndSetInt(Cells r, int index, int expected, int newValue) {
        long expect = expected;
        while (true) {
            if (r.compareAndSet(index, expect, newValue)) {
                return true;
            }
            long bits = r.get(index);
            if ((int) bits != expected) {
                return false;
            }
            expect = bits;
        }
    }

    /** The {@link IndexOutOfBoundsException} for {@code index}, to throw. */
    static IndexOutOfBoundsException outOfBounds(int index, int length) {
        return new IndexOutOfBoundsException("index=" + index + ", length=" + length);
    }

    /**
     * Checks that {@code [index, index + n)} lies in this array and {@code [arrayIndex, arrayIndex + n)}
     * in a Java array of {@code arrayLength}.
     *
     * @throws IndexOutOfBoundsException naming the values that do not fit
     */
    void checkRange(int index, int n, String arrayName, int arrayIndex, int arrayLength) {
        if (n < 0) {
            throw new IndexOutOfBoundsException("n=" + n + " must be >= 0");
        }
        if (index < 0 || index > length - n) {
            throw new IndexOutOfBoundsException("index=" + index + ", n=" + n + ", length=" + length
                    + ": the range is not within the shared array");
        }
        if (arrayIndex < 0 || arrayIndex > arrayLength - n) {
            throw new IndexOutOfBoundsException(arrayName + "Index=" + arrayIndex + ", n=" + n + ", " + arrayName
                    + ".length=" + arrayLength + ": the range is not within " + arrayName);
        }
    }

    /**
     * Begins a bulk operation: takes the lock unless there is none or the calling thread holds it
     * already, and fences, so that the copy is atomic with respect to other holders of the lock.
     * Close the returned {@link Hold} to end it.
     */
    Hold bulk() {
        SharedLock l = lock;
        if (l == null || l.isHeldByCurrentThread()) {
            VarHandle.fullFence();
            return VarHandle::fullFence;
        }
        l.lock();
        return l::unlock;
    }

    /** This process's name for the segment. */
    String name() {
        return remote != null ? String.valueOf(remote.handle()) : segment.name();
    }

    /** The serialized form. */
    Serializable handle() {
        if (remote instanceof ManagedObjects.RemoteCells) { // a manager's, off its machine: as on it
            return new Handle(remote.handle(), kind, typecode.code, length, mode, mode == LockMode.SUPPLIED ? lock : null);
        }
        if (remote != null) {
            return new RemoteHandle(remote.handle(), kind, typecode.code, length, mode, lock);
        }
        return new Handle(managed != null ? managed : segment.name(), kind, typecode.code, length, mode,
                mode == LockMode.SUPPLIED ? lock : null);
    }

    /**
     * The serialized form of a {@link Value} or {@link Array}: the segment's name, what it holds,
     * and the supplied lock (its own handle) if any. For a manager's value or array, {@code
     * segment} is a {@link ManagedRef} instead, which resolves to itself on the manager's machine
     * (the segment is attached) and to {@link ManagedObjects.RemoteCells} elsewhere.
     *
     * @param segment the shared-memory segment's name (or the remote cells' handle)
     * @param kind whether it is a value or an array
     * @param typecode the element typecode
     * @param length the number of elements
     * @param mode how it is locked: its own lock, a given lock, or none (raw)
     * @param lock the lock given at creation, or null
     */
    record Handle(Object segment, int kind, char typecode, int length, LockMode mode, SharedLock lock)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws InvalidObjectException {
            SharedCells cells = attach();
            return kind == VALUE_KIND ? Value.wrap(cells) : Array.wrap(cells);
        }

        private SharedCells attach() throws InvalidObjectException {
            Typecode t = Typecode.ofStored(typecode);
            if (t == null || (kind != VALUE_KIND && kind != ARRAY_KIND) || mode == null
                    || (mode == LockMode.SUPPLIED) != (lock != null)) {
                throw new InvalidObjectException("corrupt handle " + this);
            }
            if (segment instanceof ManagedObjects.RemoteCells c) {
                if (c.length() != length || (mode == LockMode.OWN && c.ownLock() == null)) {
                    throw new InvalidObjectException("corrupt handle " + this);
                }
                return new SharedCells(c, kind, t, length, mode, mode == LockMode.OWN ? new RLock(c.ownLock()) : lock);
            }
            if (segment instanceof ManagedRef m) {
                SharedCells cells = attach(m.local(), t);
                cells.managed = m;
                if (cells.lock instanceof RLock own && mode == LockMode.OWN && m.inner() instanceof ManagedRef l) {
                    ((LocalMutex) own.mutex).managedBy(l);
                }
                return cells;
            }
            if (!(segment instanceof String name)) {
                throw new InvalidObjectException("corrupt handle " + this);
            }
            return attach(name, t);
        }

        private SharedCells attach(String segment, Typecode t) throws InvalidObjectException {
            SharedSegment s = SharedSegments.attach(segment);
            MemorySegment m = s.data();
            if (m.byteSize() < DATA_OFFSET + (long) length * t.size
                    || m.get(ValueLayout.JAVA_INT, KIND_OFFSET) != kind
                    || m.get(ValueLayout.JAVA_INT, TYPECODE_OFFSET) != typecode
                    || m.get(ValueLayout.JAVA_INT, LENGTH_OFFSET) != length
                    || m.get(ValueLayout.JAVA_INT, LOCK_MODE_OFFSET) != mode.ordinal()) {
                throw new InvalidObjectException("shared memory name=" + segment + " does not hold what handle " + this
                        + " describes");
            }
            return new SharedCells(s, kind, t, length, mode, lock);
        }
    }

    /**
     * The serialized form of a {@link Value} or {@link Array} of another context: its cells'
     * handle (which deserializes into the live cells), what it holds, and its lock (own or supplied).
     *
     * @param cells the handle of the context's cells
     * @param kind whether it is a value or an array
     * @param typecode the element typecode
     * @param length the number of elements
     * @param mode how it is locked: its own lock, a given lock, or none (raw)
     * @param lock the lock given at creation, or null
     */
    record RemoteHandle(Object cells, int kind, char typecode, int length, LockMode mode, SharedLock lock)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws InvalidObjectException {
            Typecode t = Typecode.ofStored(typecode);
            if (t == null || (kind != VALUE_KIND && kind != ARRAY_KIND) || mode == null
                    || (mode != LockMode.NONE) != (lock != null) || !(cells instanceof Cells c) || c.length() != length) {
                throw new InvalidObjectException("corrupt handle " + this);
            }
            SharedCells shared = new SharedCells(c, kind, t, length, mode, lock);
            return kind == VALUE_KIND ? Value.wrap(shared) : Array.wrap(shared);
        }
    }
}
