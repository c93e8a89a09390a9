package org.multiprocessing4j.internal.channel;

import org.multiprocessing4j.internal.sync.ProcessSlots;
import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * The layout of a {@link Channel}'s control segment, the format every process that attaches the
 * channel reads: each offset is derived from the field before it.
 *
 * <pre>
 *     0: SharedMutex writeLock   held by one writer for one whole message
 *    64: SharedMutex readLock    held by one reader for one whole message
 *   128: long tail               stream position after the last complete message (writer, volatile)
 *   136: long written            messages written (writer)
 *   192: long head               stream position of the next message to read (reader, release)
 *   200: long read               messages taken (reader); qsize = written - read
 *   256: int  dataSeq            futex word: bumped when data arrives or a writer leaves
 *   260: int  sleepers           threads that may sleep on dataSeq
 *   264: int  shift              log2 of the chunk size
 *   268: int  everHeld           1 once a writer registered (end-of-file needs one to have existed)
 *   320: ProcessSlots writers    processes holding the write side, for end-of-file (pipes)
 *  1344: SharedMutex slotLock    guards the slot count and the free list
 *  1392: int slotCount           chunk files numbered so far
 *  1396: int freeTop             free files on the list
 *  1400: int retireEpoch         bumped when a file is unlinked
 *  1404: int pendingSlot         slot + 1 of the file the write-lock holder took and has not yet
 *                                put in the table (0: none)
 *  1408: int free[FREE_MAX]      the free list
 *  1664: long table[TABLE_SIZE]  chunk index to slot: entry (i + 1) &lt;&lt; SLOT_BITS | slot at
 *                                i % TABLE_SIZE, 0 for none
 * </pre>
 *
 * The writer's line, the reader's line and the wake-up line are apart (each starts a 64-byte cache
 * line), so a producer and a consumer on two cores do not fight over one cache line per message.
 * The stream's fields are {@link Channel}'s; the slot lock, counters, free list and table are
 * {@link ChunkFiles}'.
 */
final class ChannelLayout {
    /** A cache line: the stream's hot fields are this far apart. */
    static final long LINE = 64;

    /** {@link SharedMutex} (untracked): held by one writer for one whole message. */
    static final long WRITE_LOCK = 0;
    /** {@link SharedMutex} (untracked): held by one reader for one whole message. */
    static final long READ_LOCK = nextLine(WRITE_LOCK + SharedMutex.LENGTH);
    /** long: the stream position after the last complete message (writer, volatile). */
    static final long TAIL = nextLine(READ_LOCK + SharedMutex.LENGTH);
    /** long: messages written (writer). */
    static final long WRITTEN = TAIL + Long.BYTES;
    /** long: the stream position of the next message to read (reader, release). */
    static final long HEAD = nextLine(WRITTEN + Long.BYTES);
    /** long: messages taken (reader). */
    static final long READ = HEAD + Long.BYTES;
    /** int: the futex word, bumped when data arrives or a writer leaves. */
    static final long DATA_SEQ = nextLine(READ + Long.BYTES);
    /** int: threads that may sleep on {@link #DATA_SEQ}. */
    static final long SLEEPERS = DATA_SEQ + Integer.BYTES;
    /** int: log2 of the chunk size, set by the creator. */
    static final long SHIFT = SLEEPERS + Integer.BYTES;
    /** int: 1 once a writer registered (end-of-file needs one to have existed). */
    static final long EVER_HELD = SHIFT + Integer.BYTES;
    /** {@link ProcessSlots}: the processes holding the write side, for end-of-file (pipes). */
    static final long WRITERS = nextLine(EVER_HELD + Integer.BYTES);
    /** {@link SharedMutex}: guards the slot count and the free list. */
    static final long SLOT_LOCK = WRITERS + ProcessSlots.LENGTH;
    /** int: chunk files numbered so far. */
    static final long SLOT_COUNT = SLOT_LOCK + SharedMutex.LENGTH;
    /** int: free files on the list. */
    static final long FREE_TOP = SLOT_COUNT + Integer.BYTES;
    /** int: bumped when a file is unlinked (every process then drops its mappings of retired files). */
    static final long RETIRE_EPOCH = FREE_TOP + Integer.BYTES;
    /** int: slot + 1 of the file the write-lock holder took and has not yet put in the table (0: none). */
    static final long PENDING_SLOT = RETIRE_EPOCH + Integer.BYTES;
    /** int[{@link #FREE_MAX}]: the free list. */
    static final long FREE = PENDING_SLOT + Integer.BYTES;
    /** The free list's capacity: at most this many free chunk files are kept for reuse. */
    static final int FREE_MAX = 64;
    /** long[{@link #TABLE_SIZE}]: chunk index to slot. */
    static final long TABLE = FREE + (long) Integer.BYTES * FREE_MAX;
    /** Chunks the table can map at once: how far the writer may run ahead of the reader. */
    static final int TABLE_SIZE = 4096;
    /** Bytes of the control segment. */
    static final long LENGTH = TABLE + (long) Long.BYTES * TABLE_SIZE;

    /** A table entry's low bits hold the slot, the high bits the chunk index + 1. */
    static final int SLOT_BITS = 20;
    /** Slots are numbered below this. */
    static final int SLOTS_MAX = 1 << SLOT_BITS;

    private ChannelLayout() {}

    /** The first cache-line boundary at or after {@code offset}. */
    private static long nextLine(long offset) {
        return (offset + LINE - 1) / LINE * LINE;
    }

    /** The offset of the table entry of chunk {@code index}. */
    static long tableAt(long index) {
        return TABLE + (long) Long.BYTES * (index % TABLE_SIZE);
    }

    /** The offset of free-list entry {@code i}. */
    static long freeAt(int i) {
        return FREE + (long) Integer.BYTES * i;
    }

    /** The table entry that maps chunk {@code index} to {@code slot}. */
    static long entry(long index, int slot) {
        return ((index + 1) << SLOT_BITS) | slot;
    }

    /** Whether a table entry maps chunk {@code index}. */
    static boolean maps(long entry, long index) {
        return (entry >>> SLOT_BITS) == index + 1;
    }

    /** The chunk index a non-zero table entry maps. */
    static long chunkOf(long entry) {
        return (entry >>> SLOT_BITS) - 1;
    }

    /** The slot a table entry names. */
    static int slotOf(long entry) {
        return (int) (entry & (SLOTS_MAX - 1));
    }
}
