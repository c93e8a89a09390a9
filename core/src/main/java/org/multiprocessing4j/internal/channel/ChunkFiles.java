package org.multiprocessing4j.internal.channel;

import static org.multiprocessing4j.internal.channel.ChannelLayout.FREE_MAX;
import static org.multiprocessing4j.internal.channel.ChannelLayout.FREE_TOP;
import static org.multiprocessing4j.internal.channel.ChannelLayout.HEAD;
import static org.multiprocessing4j.internal.channel.ChannelLayout.PENDING_SLOT;
import static org.multiprocessing4j.internal.channel.ChannelLayout.RETIRE_EPOCH;
import static org.multiprocessing4j.internal.channel.ChannelLayout.SLOTS_MAX;
import static org.multiprocessing4j.internal.channel.ChannelLayout.SLOT_COUNT;
import static org.multiprocessing4j.internal.channel.ChannelLayout.SLOT_LOCK;
import static org.multiprocessing4j.internal.channel.ChannelLayout.TABLE_SIZE;
import static org.multiprocessing4j.internal.channel.ChannelLayout.chunkOf;
import static org.multiprocessing4j.internal.channel.ChannelLayout.entry;
import static org.multiprocessing4j.internal.channel.ChannelLayout.freeAt;
import static org.multiprocessing4j.internal.channel.ChannelLayout.maps;
import static org.multiprocessing4j.internal.channel.ChannelLayout.slotOf;
import static org.multiprocessing4j.internal.channel.ChannelLayout.tableAt;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * The chunk files of a {@link Channel}: which file holds which chunk of its byte stream, the
 * reuse of files, and their recovery after a crash. Its fields in the control segment are the
 * slot lock, the slot count, the free list, the retire epoch, the pending slot and the table
 * (see {@link ChannelLayout}).
 *
 * <h2>Files</h2>
 * Chunk i of the stream lives in a chunk file, {@code <control>-<slot>}; the table maps i to its
 * slot (entry {@code (i + 1) << 20 | slot} at {@code i % TABLE_SIZE}). A writer entering a new
 * chunk takes a free slot (or numbers a new file); the reader gives a chunk's slot back once the
 * head passed it. Free files are kept, mapped, for reuse, up to {@link #FREE_BYTES} of them and
 * at least {@link #FREE_MIN} (at most {@link ChannelLayout#FREE_MAX}): fresh pages cost far more
 * than the copy (page allocation and faults), so a steady stream reuses the same memory, also
 * when several messages larger than a chunk are in flight (a pool's inbox with 1 MiB tasks).
 * Beyond that, files are unlinked and the retire epoch bumped, which makes every process drop
 * its mappings of them. Chunk files name the channel's creator as owner, so they are unlinked
 * when it exits and swept if it crashed.
 *
 * <h2>Crash safety</h2>
 * Chunk files are not lost. Only the write-lock holder takes a file (in {@link #forWriting}), and
 * it records the file in {@code pendingSlot} in the same slot-lock section that pops it from the
 * free list (or numbers it, or takes it from a stale table entry), and clears the record once the
 * table maps a chunk to the file. So a {@code pendingSlot} found by a later taker, which holds
 * the write lock, was left by a writer that died in between (the write lock was recovered from
 * it): if the file is neither in the table nor on the free list, the taker gives it back. The
 * record is set before the pop, so a death between the two leaves the file on the free list and
 * the check sees it there. A reader that died after publishing the head and before giving a
 * chunk's file back leaves a stale table entry, which a writer takes over instead of numbering a
 * new file. One window stays: a stale table entry taken over by a writer that dies between its
 * winning compare-and-set and the next store (a second failure after a reader's) loses that file
 * until the channel's creator exits.
 *
 * <p>Thread-safety: {@link #forWriting} is called with the channel's write lock held,
 * {@link #forReading} and {@link #passed} with its read lock held; the rest may be called from
 * any thread.
 */
final class ChunkFiles {
    /** At least this many free chunk files are kept, whatever their size. */
    static final int FREE_MIN = 4;
    /**
     * Free chunk files are kept up to this many bytes (and {@link #FREE_MIN} files); more are
     * unlinked. A channel keeps only files it used at once, so this costs memory only after a
     * burst that large. 16 MiB was too little for a pool mapping over arrays of 10 MiB (two
     * chunks of 10 MiB in each inbox): every map wrote fresh files, and seed_pool_map_20x10MiB
     * measured 246 MB/s against 1,000 and more with 64 MiB.
     */
    static final long FREE_BYTES = 64L << 20;
    /** Up to this many chunk files ever numbered, {@link #unlinkAll()} unlinks them by name, not by a directory scan. */
    static final int UNLINK_BY_NUMBER_MAX = 256;

    /**
     * Test hook, run by a writer after it took a chunk file and before it puts it in the table (a
     * test kills the writer there); null otherwise. Set only by tests, in the process under test.
     */
    static volatile Runnable afterTakeSlot;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final SharedSegment control;
    private final MemorySegment c;
    private final int shift;
    private final long chunkSize;
    private final SharedMutex slotLock;
    /** How many free chunk files this channel keeps: the same in every process (from the shift). */
    private final int freeLimit;
    /** This process's mappings of the chunk files, by slot number; dropped when a slot is retired. */
    private final ConcurrentHashMap<Integer, SharedSegment> slots = new ConcurrentHashMap<>();
    private int seenRetireEpoch; // guarded by this, in dropRetiredMappings
    // The chunk each side is in, to skip the table on the fast path.
    private long writeIndex = -1;        // guarded by the write lock
    private SharedSegment writeSegment;  // guarded by the write lock
    private long readIndex = -1;         // guarded by the read lock
    private SharedSegment readSegment;   // guarded by the read lock

    /** The chunk files of the channel whose control segment is {@code control}, with chunks of 2^shift bytes. */
    ChunkFiles(SharedSegment control, int shift) {
        this.control = control;
        this.c = control.data();
        this.shift = shift;
        this.chunkSize = 1L << shift;
        this.slotLock = new SharedMutex(c, SLOT_LOCK);
        this.freeLimit = (int) Math.min(FREE_MAX, Math.max(FREE_MIN, FREE_BYTES >>> shift));
    }

    // ---- the writer's side

    /**
     * The memory of chunk {@code index}, for the writer: maps the file the table names, or takes a
     * file and puts it in the table. The write lock is held.
     *
     * @throws IllegalStateException if the table is full (the reader is {@link ChannelLayout#TABLE_SIZE}
     *     chunks behind) or shared memory ran out
     */
    MemorySegment forWriting(long index) {
        if (index == writeIndex) {
            return writeSegment.data();
        }
        dropRetiredMappings();
        long headChunk = ((long) LONG.getVolatile(c, HEAD)) >>> shift;
        if (index - headChunk >= TABLE_SIZE) {
            throw new IllegalStateException("channel " + control.name() + " holds " + TABLE_SIZE
                    + " chunks of unread data; read some before writing more");
        }
        long at = tableAt(index);
        long entry = (long) LONG.getAcquire(c, at);
        int slot;
        if (maps(entry, index)) {
            slot = slotOf(entry); // assigned by a writer that died mid-message
        } else {
            slot = takeSlot();
            Runnable hook = afterTakeSlot;
            if (hook != null) {
                hook.run();
            }
            LONG.setRelease(c, at, entry(index, slot));
            INT.setRelease(c, PENDING_SLOT, 0); // after the table store: see "Crash safety"
        }
        writeSegment = mapSlot(slot, true);
        writeIndex = index;
        return writeSegment.data();
    }

    /**
     * Pops a free chunk file, or numbers a new one, and records it in {@code pendingSlot} (the
     * caller, holding the write lock, clears that once the table maps a chunk to it). First gives
     * back a file that a writer which died took and never put in the table.
     */
    private int takeSlot() {
        int slot;
        lockSlots();
        try {
            int pending = (int) INT.getVolatile(c, PENDING_SLOT);
            if (pending != 0) {
                reclaimPendingSlot(pending - 1); // an unlinked file's mappings go at the next forWriting
            }
            int top = (int) INT.get(c, FREE_TOP);
            if (top > 0) {
                slot = (int) INT.get(c, freeAt(top - 1));
                INT.set(c, PENDING_SLOT, slot + 1); // before the pop: see "Crash safety"
                INT.set(c, FREE_TOP, top - 1);
            } else if ((slot = reclaimStaleSlot()) >= 0) {
                INT.set(c, PENDING_SLOT, slot + 1);
            } else {
                slot = (int) INT.get(c, SLOT_COUNT);
                if (slot >= SLOTS_MAX) {
                    throw new IllegalStateException("channel " + control.name() + " ran out of chunk numbers");
                }
                INT.set(c, PENDING_SLOT, slot + 1);
                INT.set(c, SLOT_COUNT, slot + 1);
            }
        } finally {
            slotLock.release();
        }
        return slot;
    }

    /**
     * The previous write-lock holder died after taking {@code slot} (see "Crash safety"): gives the
     * file back unless the table maps a chunk to it or it is on the free list. Called with the
     * write and slot locks held; returns whether the file was unlinked.
     */
    private boolean reclaimPendingSlot(int slot) {
        INT.set(c, PENDING_SLOT, 0);
        for (int i = 0; i < TABLE_SIZE; i++) {
            long e = (long) LONG.getVolatile(c, tableAt(i));
            if (e != 0 && slotOf(e) == slot) {
                return false;
            }
        }
        int top = (int) INT.get(c, FREE_TOP);
        for (int i = 0; i < top; i++) {
            if ((int) INT.get(c, freeAt(i)) == slot) {
                return false;
            }
        }
        if (slot >= (int) INT.get(c, SLOT_COUNT)) {
            return false; // a number the writer never counted
        }
        return freeLocked(slot);
    }

    /**
     * Finds a table entry for a chunk the head has already passed: its reader died after
     * publishing the head and before giving the file back. Takes that file over. Called with the
     * slot lock held, only when the free list is empty (that is, instead of making a new file).
     */
    private int reclaimStaleSlot() {
        long headChunk = ((long) LONG.getVolatile(c, HEAD)) >>> shift;
        for (int i = 0; i < TABLE_SIZE; i++) {
            long at = tableAt(i);
            long entry = (long) LONG.getVolatile(c, at);
            if (entry != 0 && chunkOf(entry) < headChunk && LONG.compareAndSet(c, at, entry, 0L)) {
                return slotOf(entry);
            }
        }
        return -1;
    }

    // ---- the reader's side

    /**
     * The memory of chunk {@code index}, for the reader. The read lock is held.
     *
     * @throws IllegalStateException if the table does not map the chunk (damaged memory)
     */
    MemorySegment forReading(long index) {
        if (index == readIndex) {
            return readSegment.data();
        }
        dropRetiredMappings();
        long entry = (long) LONG.getAcquire(c, tableAt(index));
        if (!maps(entry, index)) {
            throw new IllegalStateException("channel " + control.name() + " has no chunk " + index
                    + " (table entry=" + Long.toHexString(entry) + "): its memory was damaged");
        }
        readSegment = mapSlot(slotOf(entry), false);
        readIndex = index;
        return readSegment.data();
    }

    /**
     * The head passed chunks {@code from} (inclusive) to {@code to} (exclusive): gives their files
     * back. The read lock is held.
     */
    void passed(long from, long to) {
        for (long i = from; i < to; i++) {
            long at = tableAt(i);
            long entry = (long) LONG.getAcquire(c, at);
            if (readIndex == i) {
                readIndex = -1;
                readSegment = null;
            }
            // CAS, not a store: a writer may reclaim the same entry (see reclaimStaleSlot); one wins
            if (maps(entry, i) && LONG.compareAndSet(c, at, entry, 0L)) {
                giveSlot(slotOf(entry));
            }
        }
    }

    /** Gives a consumed chunk's file back for reuse, or unlinks it when enough are kept. */
    private void giveSlot(int slot) {
        boolean retire;
        lockSlots();
        try {
            retire = freeLocked(slot);
        } finally {
            slotLock.release();
        }
        if (retire) {
            SharedSegment s = slots.remove(slot);
            if (s != null) {
                SharedSegments.unmap(s);
            }
        }
    }

    /** Puts a file on the free list, or unlinks it when the list is full; returns whether it was unlinked. Slot lock held. */
    private boolean freeLocked(int slot) {
        int top = (int) INT.get(c, FREE_TOP);
        if (top < freeLimit) {
            INT.set(c, freeAt(top), slot);
            INT.set(c, FREE_TOP, top + 1);
            return false;
        }
        SharedSegments.unlink(slotName(slot));
        INT.getAndAdd(c, RETIRE_EPOCH, 1);
        return true;
    }

    private void lockSlots() {
        if (slotLock.acquireUninterruptibly()) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- this process's mappings

    /** This process's mapping of a chunk file, made (or created, for a writer) on first use. */
    private SharedSegment mapSlot(int slot, boolean create) {
        SharedSegment s = slots.get(slot);
        if (s != null) {
            return s;
        }
        if (create) {
            try {
                s = SharedSegments.createOrAttachOwnedBy(slotName(slot), chunkSize, control.ownerPid(), control.ownerStart());
            } catch (IllegalStateException unfinished) {
                // a writer died while creating this file; holding the write lock, nobody else is: redo it
                SharedSegments.unlink(slotName(slot));
                s = SharedSegments.createOrAttachOwnedBy(slotName(slot), chunkSize, control.ownerPid(), control.ownerStart());
            }
        } else {
            s = SharedSegments.attachUncached(slotName(slot));
        }
        SharedSegment raced = slots.putIfAbsent(slot, s);
        if (raced != null) {
            SharedSegments.unmap(s);
            return raced;
        }
        return s;
    }

    /**
     * When another process retired chunk files, unmaps the ones this process still maps: a slot
     * is live while the table maps an unread chunk to it, or it is on the free list.
     */
    private synchronized void dropRetiredMappings() {
        int epoch = (int) INT.getVolatile(c, RETIRE_EPOCH);
        if (epoch == seenRetireEpoch) {
            return;
        }
        seenRetireEpoch = epoch;
        Set<Integer> live = new HashSet<>();
        for (int i = 0; i < TABLE_SIZE; i++) {
            long e = (long) LONG.getVolatile(c, tableAt(i));
            if (e != 0) {
                live.add(slotOf(e));
            }
        }
        int top = (int) INT.getVolatile(c, FREE_TOP);
        for (int i = 0; i < Math.min(top, FREE_MAX); i++) {
            live.add((int) INT.getVolatile(c, freeAt(i)));
        }
        for (var it = slots.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!live.contains(e.getKey()) && e.getValue() != writeSegment && e.getValue() != readSegment) {
                SharedSegments.unmap(e.getValue());
                it.remove();
            }
        }
    }

    private String slotName(int slot) {
        return control.name() + "-" + slot;
    }

    // ---- the end

    /** Unlinks every chunk file of the channel and forgets them at exit (the channel's {@code destroy}). */
    void unlinkAll() {
        String prefix = control.name() + "-";
        int files = slotCount();
        if (files <= UNLINK_BY_NUMBER_MAX) {
            for (int slot = files - 1; slot >= 0; slot--) { // every chunk file ever numbered
                SharedSegments.unlink(slotName(slot));
            }
        } else {
            SharedSegments.unlinkAll(prefix); // most of them were retired already: one directory scan
        }
        SharedSegments.forgetAtExit(prefix);
    }

    /** Unmaps this process's mappings of the chunk files (after {@link #unlinkAll()}). */
    synchronized void unmapAll() {
        for (SharedSegment s : slots.values()) {
            SharedSegments.unmap(s);
        }
        slots.clear();
        writeSegment = null;
        readSegment = null;
    }

    /** Chunk files on the free list. */
    int freeSlots() {
        return (int) INT.getVolatile(c, FREE_TOP);
    }

    /** Chunk files numbered so far. */
    int slotCount() {
        return (int) INT.getVolatile(c, SLOT_COUNT);
    }
}
