package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * The shared-memory layout of a {@link org.multiprocessing4j.ShareableList}, whose class comment
 * draws it: the setters' mutex, a descriptor, the slot table and the payloads. Offsets are from the
 * start of the segment's data; each is derived from the previous one.
 */
public final class ShareableListLayout {
    /** Offset of the {@link SharedMutex} taken by setters. */
    public static final long MUTEX = 0;
    /** Offset of the kind word, {@link #KIND_WORD}, written last (with release) by the creator. */
    public static final long KIND = MUTEX + SharedMutex.LENGTH;
    /** Offset of n, the number of slots (an int). */
    public static final long COUNT = KIND + Integer.BYTES;
    /** Offset of the total payload bytes (a long). */
    public static final long PAYLOAD_BYTES = COUNT + Integer.BYTES;
    /** Offset of the slot table: n entries of {@link #ENTRY_LENGTH} bytes. */
    public static final long TABLE = PAYLOAD_BYTES + Long.BYTES;

    /** In an entry: the sequence number (an int), even when stable, odd while being set. */
    public static final long SEQ = 0;
    /** In an entry: the type tag of the current item (an int). */
    public static final long TAG = SEQ + Integer.BYTES;
    /** In an entry: the current item's length in bytes (an int). */
    public static final long LEN = TAG + Integer.BYTES;
    /** In an entry: the slot's capacity in bytes (an int, fixed at creation, a multiple of 8). */
    public static final long CAP = LEN + Integer.BYTES;
    /** In an entry: the offset of the payload from the data start (a long, fixed). */
    public static final long OFF = CAP + Integer.BYTES;
    /** The length of one table entry. */
    public static final int ENTRY_LENGTH = (int) (OFF + Long.BYTES);

    /** The kind word: "SLST". */
    public static final int KIND_WORD = 0x534C5354;

    static {
        if (TABLE % Long.BYTES != 0 || ENTRY_LENGTH % Long.BYTES != 0) {
            throw new ExceptionInInitializerError("TABLE=" + TABLE + " and ENTRY_LENGTH=" + ENTRY_LENGTH
                    + " must be 8-byte aligned for the payload offsets");
        }
    }

    private ShareableListLayout() {}
}
