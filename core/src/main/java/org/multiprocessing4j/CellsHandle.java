package org.multiprocessing4j;

import java.io.InvalidObjectException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.multiprocessing4j.internal.local.CellsLayout;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.local.LocalCells.LockMode;
import org.multiprocessing4j.internal.local.Typecode;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Mutex;

/**
 * The serialized form of a {@link Value} or {@link Array}: its cells' handle, what it holds, and
 * the lock to ship with it; plus the making of both, shared by the typed classes.
 *
 * <p>The cells' handle is a segment name (local cells), a manager's reference (which resolves to
 * itself on the manager's machine, where the segment is attached, and to the manager-backed cells
 * elsewhere), or another context's handle (which deserializes into its live cells); {@link
 * LocalBackend#resolveCells} turns each back into cells. A lock kept with the cells ({@link
 * Cells#ownLock()}: the local own lock at offset 0 of the segment, a manager's own lock) is not
 * shipped but resolved from them; any other lock (a supplied one, or another context's own RLock)
 * is shipped as its own handle.
 *
 * @param cells the cells' handle
 * @param kind {@link CellsLayout#VALUE_KIND} or {@link CellsLayout#ARRAY_KIND}
 * @param typecode the element typecode
 * @param length the number of elements
 * @param mode how it is locked: its own lock, a given lock, or none (raw)
 * @param lock the lock to ship, or null when there is none or the cells keep it
 */
record CellsHandle(Object cells, int kind, char typecode, int length, LockMode mode, SharedLock lock)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The handle of a value or array ({@code kind}) of {@code typecode} over {@code cells}, guarded by {@code lock}. */
    static CellsHandle of(int kind, Typecode typecode, Cells cells, SharedLock lock) {
        Mutex own = cells.ownLock();
        LockMode mode = lock == null ? LockMode.NONE
                : own != null && lock instanceof RLock r && r.mutex == own ? LockMode.OWN : LockMode.SUPPLIED;
        return new CellsHandle(cells.handle(), kind, typecode.code, cells.length(), mode,
                mode == LockMode.OWN ? null : lock);
    }

    @Serial
    private Object readResolve() throws InvalidObjectException {
        Typecode t = Typecode.ofStored(typecode);
        if (t == null || (kind != CellsLayout.VALUE_KIND && kind != CellsLayout.ARRAY_KIND) || mode == null
                || (mode == LockMode.SUPPLIED && lock == null) || (mode == LockMode.NONE && lock != null)) {
            throw new InvalidObjectException("corrupt handle " + this);
        }
        Cells c = LocalBackend.resolveCells(cells, kind, t, length, mode);
        if (c.length() != length || (mode == LockMode.OWN && lock == null && c.ownLock() == null)) {
            throw new InvalidObjectException("corrupt handle " + this);
        }
        SharedLock l = switch (mode) {
            case OWN -> lock != null ? lock : new RLock(c.ownLock());
            case SUPPLIED -> lock;
            case NONE -> null;
        };
        return kind == CellsLayout.VALUE_KIND ? Value.wrap(t, c, l) : Array.wrap(t, c, l);
    }

    /** A new value of {@code typecode} in the current context, zero. */
    static Value value(Typecode typecode, LockMode mode, SharedLock supplied) {
        Backend engine = Context.Current.engine();
        Cells cells = cells(engine, CellsLayout.VALUE_KIND, typecode, 1, mode, supplied);
        return Value.wrap(typecode, cells, lock(engine, cells, mode, supplied));
    }

    /** A new array of {@code length} zeros of {@code typecode} in the current context. */
    static Array array(Typecode typecode, int length, LockMode mode, SharedLock supplied) {
        Backend engine = Context.Current.engine();
        Cells cells = cells(engine, CellsLayout.ARRAY_KIND, typecode, length, mode, supplied);
        return Array.wrap(typecode, cells, lock(engine, cells, mode, supplied));
    }

    /**
     * The cells of a new value or array: the local backend's record the kind and the lock mode in
     * their segment as well (see {@link CellsLayout}).
     */
    private static Cells cells(Backend engine, int kind, Typecode t, int length, LockMode mode, SharedLock supplied) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " must be >= 0");
        }
        if (mode == LockMode.SUPPLIED) {
            Objects.requireNonNull(supplied, "lock (pass true, or use the default factory, for a new RLock)");
        }
        return engine instanceof LocalBackend local ? local.cells(kind, t, length, mode)
                : engine.cells(t.code, length, mode == LockMode.OWN);
    }

    /** The guarding lock: the one kept with the cells, or a new RLock of the context; null for none. */
    private static SharedLock lock(Backend engine, Cells cells, LockMode mode, SharedLock supplied) {
        return switch (mode) {
            case OWN -> new RLock(cells.ownLock() != null ? cells.ownLock() : engine.mutex(true));
            case SUPPLIED -> supplied;
            case NONE -> null;
        };
    }

    /** Converts {@code lock} (Python's {@code lock=True/False}) to a mode. */
    static LockMode mode(boolean lock) {
        return lock ? LockMode.OWN : LockMode.NONE;
    }

    /** The {@link UnsupportedOperationException} of {@code getLock()} on a raw Value or Array, to throw. */
    static UnsupportedOperationException noLock(String type, Cells cells) {
        return new UnsupportedOperationException(type + " " + cells.handle() + " was made without a lock"
                + " (lock=false, Python's RawValue/RawArray), so it has no getLock(); make it with a lock,"
                + " or use the lock-free atomics of IntValue/LongValue/IntArray/LongArray");
    }

    /**
     * Begins a bulk operation: takes {@code lock} unless there is none or the calling thread holds
     * it already, and fences, so that the copy is atomic with respect to other holders of the lock.
     * Close the returned {@link Hold} to end it.
     */
    static Hold bulk(SharedLock lock) {
        if (lock == null || lock.isHeldByCurrentThread()) {
            VarHandle.fullFence();
            return VarHandle::fullFence;
        }
        lock.lock();
        return lock::unlock;
    }

    /**
     * An {@code int} compare-and-set on a 64-bit cell. A context's wrapping adds ({@link
     * Cells#getAndAdd}) may leave bits above the low 32 in the cell, which the {@code int} reads
     * ignore; so after a failed exact attempt this compares the low 32 bits and retries with the
     * cell's actual bits. The usual case is one attempt.
     */
    static boolean compareAndSetInt(Cells cells, int index, int expected, int newValue) {
        long expect = expected;
        while (true) {
            if (cells.compareAndSet(index, expect, newValue)) {
                return true;
            }
            long bits = cells.get(index);
            if ((int) bits != expected) {
                return false;
            }
            expect = bits;
        }
    }

    /** A {@code long} compare-and-set on a cell. */
    static boolean compareAndSetLong(Cells cells, int index, long expected, long newValue) {
        return cells.compareAndSet(index, expected, newValue);
    }
}
