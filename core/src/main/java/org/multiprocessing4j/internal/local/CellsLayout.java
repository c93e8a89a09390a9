package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * The shared-memory layout of a local {@link org.multiprocessing4j.Value} or {@link
 * org.multiprocessing4j.Array} ({@link LocalCells}): one segment holding the optional own lock, a
 * small descriptor and the elements.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  SharedMutex of the own RLock (SharedMutex.LENGTH = 48 bytes); |  0 MUTEX
 *  |  zero and unused when the lock is supplied or there is none    |
 *  +---------------------------------------------------------------+
 *  |                     kind: "VALU" or "ARRY"                    | 48 KIND
 *  +---------------------------------------------------------------+
 *  |                     typecode (the char, e.g. 'i')             | 52 TYPECODE
 *  +---------------------------------------------------------------+
 *  |                     length in elements (1 for a Value)        | 56 LENGTH
 *  +---------------------------------------------------------------+
 *  |                     lock mode: 0 own, 1 supplied, 2 none      | 60 LOCK_MODE
 *  +---------------------------------------------------------------+
 *  |                     elements, each naturally aligned          | 64 DATA
 *  |                     ... length * element size bytes           |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Offsets are from the start of the segment's data, which is 64-byte aligned, so every element
 * is naturally aligned and volatile and atomic access to it is allowed. Elements have the sizes of
 * CPython's C types on Linux ({@link Typecode#size}). The descriptor ({@link #KIND} ..
 * {@link #DATA}) is written once by the creator before any handle to the segment exists, and is
 * checked against the handle when one is deserialized.
 */
public final class CellsLayout {
    /** Offset of the own lock's {@link SharedMutex}. */
    public static final long MUTEX = 0;
    /** Offset of the kind word, {@link #VALUE_KIND} or {@link #ARRAY_KIND}. */
    public static final long KIND = MUTEX + SharedMutex.LENGTH;
    /** Offset of the typecode word. */
    public static final long TYPECODE = KIND + Integer.BYTES;
    /** Offset of the element count. */
    public static final long LENGTH = TYPECODE + Integer.BYTES;
    /** Offset of the lock mode word: the ordinal of {@link LocalCells.LockMode}. */
    public static final long LOCK_MODE = LENGTH + Integer.BYTES;
    /** Offset of element 0. */
    public static final long DATA = LOCK_MODE + Integer.BYTES;

    /** Kind word of a Value: "VALU". */
    public static final int VALUE_KIND = 0x56414C55;
    /** Kind word of an Array: "ARRY". */
    public static final int ARRAY_KIND = 0x41525259;

    static {
        if (DATA % Long.BYTES != 0) {
            throw new ExceptionInInitializerError("DATA=" + DATA + " must be 8-byte aligned for 'l' and 'd' elements");
        }
    }

    private CellsLayout() {}
}
