package org.multiprocessing4j.internal.channel;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.ProcessSlots;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.internal.sync.WaitPolicy;

/**
 * A multi-producer, multi-consumer channel of byte messages in shared memory: the engine of
 * {@code Queue}, {@code SimpleQueue}, {@code JoinableQueue} and {@code Pipe}.
 *
 * <h2>Storage</h2>
 * Messages form one unbounded byte stream, {@code [int length][bytes]} after each other, stored in
 * chunks of 2^shift bytes: the byte at stream position p is at offset {@code p & (size - 1)} of
 * chunk {@code p >>> shift}. A message may span chunks, so a message of any size streams through.
 * A chunk lives in a chunk file, {@code <control>-<slot>}; the table maps chunk index i to its slot
 * (entry {@code (i + 1) << 20 | slot} at {@code i % TABLE_SIZE}). A writer entering a new chunk takes
 * a free slot (or numbers a new file); the reader gives a chunk's slot back once the head passed
 * it. Free files are kept, mapped, for reuse, up to {@link #FREE_BYTES} of them and at least
 * {@link #FREE_MIN} (at most {@link #FREE_MAX}): fresh pages cost far more than the copy (page
 * allocation and faults), so a steady stream reuses the same memory, also when several
 * messages larger than a chunk are in flight (a pool's inbox with 1 MiB tasks). Beyond that,
 * files are unlinked and the retire epoch bumped, which makes every process drop its
 * mappings of them. Chunk files name the channel's creator as owner, so they are unlinked when it
 * exits and swept if it crashed.
 *
 * <h2>Control segment</h2>
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
 *  1664: long table[TABLE_SIZE]  chunk index to slot
 * </pre>
 *
 * <h2>Crash safety</h2>
 * A writer publishes {@code tail} only after its whole message is in place, and a reader
 * publishes {@code head} only after it copied its whole message out. A writer that dies
 * mid-message leaves nothing visible (the next writer, which recovers the lock, overwrites the
 * partial bytes); a reader that dies mid-message leaves the message for the next reader. Either
 * lock held by a dead process is recovered (see {@link SharedMutex}). So a message is delivered
 * exactly once to a reader that returns it, whatever dies.
 *
 * <p>Chunk files are not lost either. Only the write-lock holder takes a file (in
 * {@link #writeChunk}), and it records the file in {@code pendingSlot} in the same slot-lock
 * section that pops it from the free list (or numbers it, or takes it from a stale table entry),
 * and clears the record once the table maps a chunk to the file. So a {@code pendingSlot} found
 * by a later taker, which holds the write lock, was left by a writer that died in between (the
 * write lock was recovered from it): if the file is neither in the table nor on the free list, the
 * taker gives it back. The record is set before the pop, so a death between the two leaves the
 * file on the free list and the check sees it there. One window stays: a stale table entry taken
 * over by a writer that dies between its winning compare-and-set and the next store (a second
 * failure after a reader's) loses that file until the channel's creator exits.
 *
 * <h2>Waiting</h2>
 * A reader spins briefly, then registers as a sleeper and sleeps on {@code dataSeq} while no
 * complete message is there; a writer bumps {@code dataSeq} and wakes only if someone sleeps.
 * (Sleeper registration is an atomic add and publication a volatile store, each followed by a
 * volatile load of the other side's field, so no wake-up is lost.)
 */
public final class Channel implements org.multiprocessing4j.spi.FrameQueue {
    static final int WRITE_LOCK = 0;
    static final int READ_LOCK = 64;
    // The writer's line, the reader's line and the wake-up line are apart (64 bytes each), so a
    // producer and a consumer on two cores do not fight over one cache line per message.
    static final int TAIL = 128;
    static final int WRITTEN = 136;
    static final int HEAD = 192;
    static final int READ = 200;
    static final int DATA_SEQ = 256;
    static final int SLEEPERS = 260;
    static final int SHIFT = 264;
    static final int EVER_HELD = 268;
    static final int WRITERS = 320;
    static final int SLOT_LOCK = WRITERS + ProcessSlots.LENGTH;        // 1344
    static final int SLOT_COUNT = SLOT_LOCK + SharedMutex.LENGTH;      // 1392
    static final int FREE_TOP = SLOT_COUNT + 4;                        // 1396
    static final int RETIRE_EPOCH = FREE_TOP + 4;                      // 1400
    static final int PENDING_SLOT = RETIRE_EPOCH + 4;                  // 1404
    static final int FREE = RETIRE_EPOCH + 8;                          // 1408
    /** The free list's capacity: at most this many free chunk files are kept for reuse. */
    static final int FREE_MAX = 64;
    /** At least this many free chunk files are kept, whatever their size. */
    static final int FREE_MIN = 4;
    /** Free chunk files are kept up to this many bytes (and {@link #FREE_MIN} files); more are unlinked. */
    static final long FREE_BYTES = 16L << 20;
    static final int TABLE = FREE + 4 * FREE_MAX;                      // 1664
    /** Chunks the table can map at once: how far the writer may run ahead of the reader. */
    static final int TABLE_SIZE = 4096;
    static final int LENGTH = TABLE + 8 * TABLE_SIZE;
    private static final int SLOT_BITS = 20;

    /**
     * Test hook, run by a writer after it took a chunk file and before it puts it in the table (a
     * test kills the writer there); null otherwise. Set only by tests, in the process under test.
     */
    static volatile Runnable afterTakeSlot;

    /** The default chunk size: 4 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 22;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** Message lengths are big-endian and may sit at any offset. */
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final SharedSegment control;
    private final MemorySegment c;
    private final SharedMutex writeLock;
    private final SharedMutex readLock;
    private final ProcessSlots writers;
    private final int shift;
    private final long chunkSize;
    private final long mask;
    private final SharedMutex slotLock;
    /** The manager's reference this channel ships as, or null; set once by the server, before sharing. */
    private volatile java.io.Serializable managed;
    /** This process's mappings of the chunk files, by slot number; dropped when a slot is retired. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, SharedSegment> slots = new java.util.concurrent.ConcurrentHashMap<>();
    private int seenRetireEpoch; // guarded by slots' own synchronization in mapSlot
    // The chunk each side is in, to skip the table on the fast path.
    private long writeIndex = -1;        // guarded by writeLock
    private SharedSegment writeSegment;  // guarded by writeLock
    private long lastTail = -1;          // guarded by writeLock: the tail this process's last message left
    private long lastWritten;            // guarded by writeLock: the message count it left
    private long readIndex = -1;         // guarded by readLock
    private SharedSegment readSegment;   // guarded by readLock
    /** Up to this many chunk files ever numbered, {@link #destroy()} unlinks them by name, not by a directory scan. */
    static final int UNLINK_BY_NUMBER_MAX = 256;
    /** Whether {@link #destroy()} ran; guarded by this. */
    private boolean destroyed;
    /** How many free chunk files this channel keeps: the same in every process (from the shift). */
    private final int freeLimit;
    private long lastHead = -1;          // guarded by readLock: the head this process's last message left
    private long lastRead;               // guarded by readLock: the taken count it left
    private long seenTail;               // guarded by readLock: a tail this process read (all before it is complete)

    private Channel(SharedSegment control) {
        this.control = control;
        this.c = control.data();
        this.writeLock = SharedMutex.untracked(c, WRITE_LOCK);
        this.readLock = SharedMutex.untracked(c, READ_LOCK);
        this.writers = new ProcessSlots(c, WRITERS);
        this.slotLock = new SharedMutex(c, SLOT_LOCK);
        this.shift = (int) INT.getVolatile(c, (long) SHIFT);
        this.chunkSize = 1L << shift;
        this.mask = chunkSize - 1;
        this.freeLimit = (int) Math.min(FREE_MAX, Math.max(FREE_MIN, FREE_BYTES >>> shift));
    }

    /**
     * Creates a channel whose chunks hold {@code chunkSize} bytes.
     *
     * @throws IllegalArgumentException unless chunkSize is a power of two from 4 KiB to 1 GiB
     */
    public static Channel create(int chunkSize) {
        if (chunkSize < 4096 || chunkSize > (1 << 30) || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size=" + chunkSize + " must be a power of two from 4096 to 2^30");
        }
        SharedSegment control = SharedSegments.create(LENGTH);
        INT.setRelease(control.data(), (long) SHIFT, Integer.numberOfTrailingZeros(chunkSize));
        SharedSegments.unlinkAtExit(control.name() + "-");
        return new Channel(control);
    }

    /**
     * Attaches the channel named {@code name}.
     *
     * @throws java.util.NoSuchElementException if it no longer exists
     */
    public static Channel attach(String name) {
        return new Channel(SharedSegments.attach(name));
    }

    /** The control segment's name, which identifies the channel. */
    @Override
    public String name() {
        return control.name();
    }

    /** The name ({@link #attach(String)} reattaches to it), or the manager's reference of {@link #managedBy}. */
    @Override
    public java.io.Serializable handle() {
        java.io.Serializable m = managed;
        return m != null ? m : name();
    }

    /**
     * Marks this channel as a manager's queue, owned by its server: its handle becomes {@code ref}
     * (the server's {@code ManagedRef}), so copies shipped on reach the server's object.
     */
    public void managedBy(java.io.Serializable ref) {
        this.managed = ref;
    }

    /** True: only this user's processes on this machine can write to shared memory. */
    @Override
    public boolean isPrivate() {
        return true;
    }

    // ---- writing

    /**
     * Appends one message. Never waits for space: the stream grows by chunks.
     *
     * @throws InterruptedException if interrupted while waiting for the write lock
     * @throws IllegalStateException if shared memory ran out
     */
    @Override
    public void send(byte[] message, int offset, int length) throws InterruptedException {
        if (length + 4L > (TABLE_SIZE - 1) * chunkSize) {
            throw new IllegalArgumentException("message of length=" + length + " exceeds this channel's limit of "
                    + ((TABLE_SIZE - 1) * chunkSize - 4) + " bytes (" + (TABLE_SIZE - 1) + " chunks of " + chunkSize + ")");
        }
        writeLock.acquire(Long.MAX_VALUE);
        try {
            long pos = (long) LONG.getVolatile(c, (long) TAIL);
            // the tail only grows, so if it is where this process left it, nobody wrote since
            long written = (pos == lastTail ? lastWritten : (long) LONG.get(c, (long) WRITTEN)) + 1;
            int at = (int) (pos & mask);
            if (at + 4L + length <= chunkSize) { // the usual case: the whole message in one chunk
                MemorySegment chunk = writeChunk(pos >>> shift).data();
                chunk.set(INT_BE, at, length);
                MemorySegment.copy(message, offset, chunk, ValueLayout.JAVA_BYTE, at + 4, length);
                pos += 4 + length;
            } else {
                pos = writeInt(pos, length);
                pos = writeBytes(pos, message, offset, length);
            }
            LONG.setRelease(c, (long) WRITTEN, written);
            // volatile: the store of tail and the load of sleepers in wakeReaders must not be
            // reordered (the reader registers as a sleeper, then reads tail)
            LONG.setVolatile(c, (long) TAIL, pos);
            lastTail = pos;
            lastWritten = written;
        } finally {
            writeLock.release();
        }
        wakeReaders();
    }

    private void wakeReaders() {
        if ((int) INT.getVolatile(c, (long) SLEEPERS) > 0) {
            INT.getAndAdd(c, (long) DATA_SEQ, 1);
            Futex.wake(c, DATA_SEQ, Integer.MAX_VALUE);
        }
    }

    private long writeInt(long pos, int v) {
        int at = (int) (pos & mask);
        if (at + 4 <= chunkSize) {
            writeChunk(pos >>> shift).data().set(INT_BE, at, v);
            return pos + 4;
        }
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return writeBytes(pos, b, 0, 4);
    }

    private long writeBytes(long pos, byte[] src, int off, int len) {
        while (len > 0) {
            long index = pos >>> shift;
            int at = (int) (pos & mask);
            int n = (int) Math.min(len, chunkSize - at);
            MemorySegment.copy(src, off, writeChunk(index).data(), ValueLayout.JAVA_BYTE, at, n);
            pos += n;
            off += n;
            len -= n;
        }
        return pos;
    }

    private SharedSegment writeChunk(long index) {
        if (index == writeIndex) {
            return writeSegment;
        }
        dropRetiredMappings();
        long headChunk = ((long) LONG.getVolatile(c, (long) HEAD)) >>> shift;
        if (index - headChunk >= TABLE_SIZE) {
            throw new IllegalStateException("channel " + control.name() + " holds " + TABLE_SIZE
                    + " chunks of unread data; read some before writing more");
        }
        long at = TABLE + 8L * (index % TABLE_SIZE);
        long entry = (long) LONG.getAcquire(c, at);
        int slot;
        if ((entry >>> SLOT_BITS) == index + 1) {
            slot = (int) (entry & ((1 << SLOT_BITS) - 1)); // assigned by a writer that died mid-message
        } else {
            slot = takeSlot();
            Runnable hook = afterTakeSlot;
            if (hook != null) {
                hook.run();
            }
            LONG.setRelease(c, at, ((index + 1) << SLOT_BITS) | slot);
            INT.setRelease(c, (long) PENDING_SLOT, 0); // after the table store: see "Crash safety"
        }
        writeSegment = mapSlot(slot, true);
        writeIndex = index;
        return writeSegment;
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
            int pending = (int) INT.getVolatile(c, (long) PENDING_SLOT);
            if (pending != 0) {
                reclaimPendingSlot(pending - 1); // an unlinked file's mappings go at the next writeChunk
            }
            int top = (int) INT.get(c, (long) FREE_TOP);
            if (top > 0) {
                slot = (int) INT.get(c, FREE + 4L * (top - 1));
                INT.set(c, (long) PENDING_SLOT, slot + 1); // before the pop: see "Crash safety"
                INT.set(c, (long) FREE_TOP, top - 1);
            } else if ((slot = reclaimStaleSlot()) >= 0) {
                INT.set(c, (long) PENDING_SLOT, slot + 1);
            } else {
                slot = (int) INT.get(c, (long) SLOT_COUNT);
                if (slot >= (1 << SLOT_BITS)) {
                    throw new IllegalStateException("channel " + control.name() + " ran out of chunk numbers");
                }
                INT.set(c, (long) PENDING_SLOT, slot + 1);
                INT.set(c, (long) SLOT_COUNT, slot + 1);
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
        INT.set(c, (long) PENDING_SLOT, 0);
        for (int i = 0; i < TABLE_SIZE; i++) {
            long e = (long) LONG.getVolatile(c, TABLE + 8L * i);
            if (e != 0 && (int) (e & ((1 << SLOT_BITS) - 1)) == slot) {
                return false;
            }
        }
        int top = (int) INT.get(c, (long) FREE_TOP);
        for (int i = 0; i < top; i++) {
            if ((int) INT.get(c, FREE + 4L * i) == slot) {
                return false;
            }
        }
        if (slot >= (int) INT.get(c, (long) SLOT_COUNT)) {
            return false; // a number the writer never counted
        }
        return freeLocked(slot);
    }

    /** Package-private, for tests: chunk files on the free list. */
    int freeSlots() {
        return (int) INT.getVolatile(c, (long) FREE_TOP);
    }

    /** Package-private, for tests: chunk files numbered so far. */
    int slotCount() {
        return (int) INT.getVolatile(c, (long) SLOT_COUNT);
    }

    /**
     * Finds a table entry for a chunk the head has already passed: its reader died after
     * publishing the head and before giving the file back. Takes that file over. Called with the
     * slot lock held, only when the free list is empty (that is, instead of making a new file).
     */
    private int reclaimStaleSlot() {
        long headChunk = ((long) LONG.getVolatile(c, (long) HEAD)) >>> shift;
        for (int i = 0; i < TABLE_SIZE; i++) {
            long at = TABLE + 8L * i;
            long entry = (long) LONG.getVolatile(c, at);
            if (entry != 0 && (entry >>> SLOT_BITS) - 1 < headChunk && LONG.compareAndSet(c, at, entry, 0L)) {
                return (int) (entry & ((1 << SLOT_BITS) - 1));
            }
        }
        return -1;
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
        int top = (int) INT.get(c, (long) FREE_TOP);
        if (top < freeLimit) {
            INT.set(c, FREE + 4L * top, slot);
            INT.set(c, (long) FREE_TOP, top + 1);
            return false;
        }
        SharedSegments.unlink(slotName(slot));
        INT.getAndAdd(c, (long) RETIRE_EPOCH, 1);
        return true;
    }

    private void lockSlots() {
        if (slotLock.acquireUninterruptibly()) {
            Thread.currentThread().interrupt();
        }
    }

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
        int epoch = (int) INT.getVolatile(c, (long) RETIRE_EPOCH);
        if (epoch == seenRetireEpoch) {
            return;
        }
        seenRetireEpoch = epoch;
        java.util.Set<Integer> live = new java.util.HashSet<>();
        for (int i = 0; i < TABLE_SIZE; i++) {
            long e = (long) LONG.getVolatile(c, TABLE + 8L * i);
            if (e != 0) {
                live.add((int) (e & ((1 << SLOT_BITS) - 1)));
            }
        }
        int top = (int) INT.getVolatile(c, (long) FREE_TOP);
        for (int i = 0; i < Math.min(top, FREE_MAX); i++) {
            live.add((int) INT.getVolatile(c, FREE + 4L * i));
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

    // ---- reading

    /**
     * Takes the next message, waiting at most {@code timeoutNanos}.
     *
     * @param endOfFile whether to report end-of-file when no writer is left (pipes)
     * @return the message, or null if the timeout elapsed
     * @throws EOFException if endOfFile is set, the channel is drained and every writer is gone
     * @throws InterruptedException if interrupted while waiting
     */
    public byte[] receive(long timeoutNanos, boolean endOfFile) throws InterruptedException, EOFException {
        return receive(timeoutNanos, endOfFile, WaitPolicy.SPIN_NANOS);
    }

    /**
     * As {@link #receive(long, boolean)}, spinning at most {@code spinNanos} before yielding and
     * sleeping: a thread that shares the cores with the processes it waits for (a pool's result
     * thread) should not spin, or it takes their CPU.
     */
    @Override
    public byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos) throws InterruptedException, EOFException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : WaitPolicy.deadline(timeoutNanos);
        if (readLock.acquire(timeoutNanos) == SharedMutex.Acquired.NO) {
            return null;
        }
        try {
            long head = (long) LONG.getVolatile(c, (long) HEAD);
            // Behind a tail seen before, a complete message is there: the tail only grows. Reading
            // the writer's line only when caught up saves a cache-line transfer per message.
            if (head >= seenTail) {
                Ready ready = awaitData(head, deadline, endOfFile, spinNanos);
                if (ready == Ready.TIMED_OUT) {
                    return null;
                }
                if (ready == Ready.END_OF_FILE) {
                    throw new EOFException("end of file: every process holding the other end closed it or exited");
                }
                seenTail = (long) LONG.getVolatile(c, (long) TAIL);
            }
            byte[] message;
            long newHead;
            int at = (int) (head & mask);
            MemorySegment chunk;
            int length;
            if (at + 4 <= chunkSize && at + 4L + (length = (chunk = readChunk(head >>> shift).data()).get(INT_BE, at)) <= chunkSize) {
                message = new byte[length]; // the usual case: the whole message in one chunk
                MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, at + 4, message, 0, length);
                newHead = head + 4 + length;
            } else {
                length = readInt(head);
                message = new byte[length];
                newHead = readBytes(head + 4, message, 0, length);
            }
            // the head only grows, so if it is where this process left it, nobody read since
            long read = (head == lastHead ? lastRead : (long) LONG.get(c, (long) READ)) + 1;
            LONG.setRelease(c, (long) READ, read);
            LONG.setRelease(c, (long) HEAD, newHead);
            lastHead = newHead;
            lastRead = read;
            releaseChunks(head >>> shift, newHead >>> shift);
            return message;
        } finally {
            readLock.release();
        }
    }

    /** The head passed chunks {@code from} (inclusive) to {@code to} (exclusive): their files are free. */
    private void releaseChunks(long from, long to) {
        for (long i = from; i < to; i++) {
            long at = TABLE + 8L * (i % TABLE_SIZE);
            long entry = (long) LONG.getAcquire(c, at);
            if (readIndex == i) {
                readIndex = -1;
                readSegment = null;
            }
            // CAS, not a store: a writer may reclaim the same entry (see reclaimStaleSlot); one wins
            if ((entry >>> SLOT_BITS) == i + 1 && LONG.compareAndSet(c, at, entry, 0L)) {
                giveSlot((int) (entry & ((1 << SLOT_BITS) - 1)));
            }
        }
    }

    private int readInt(long pos) {
        int at = (int) (pos & mask);
        if (at + 4 <= chunkSize) {
            return readChunk(pos >>> shift).data().get(INT_BE, at);
        }
        byte[] b = new byte[4];
        readBytes(pos, b, 0, 4);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private long readBytes(long pos, byte[] dst, int off, int len) {
        while (len > 0) {
            long index = pos >>> shift;
            int at = (int) (pos & mask);
            int n = (int) Math.min(len, chunkSize - at);
            MemorySegment.copy(readChunk(index).data(), ValueLayout.JAVA_BYTE, at, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
        return pos;
    }

    private SharedSegment readChunk(long index) {
        if (index == readIndex) {
            return readSegment;
        }
        dropRetiredMappings();
        long entry = (long) LONG.getAcquire(c, TABLE + 8L * (index % TABLE_SIZE));
        if ((entry >>> SLOT_BITS) != index + 1) {
            throw new IllegalStateException("channel " + control.name() + " has no chunk " + index
                    + " (table entry=" + Long.toHexString(entry) + "): its memory was damaged");
        }
        readSegment = mapSlot((int) (entry & ((1 << SLOT_BITS) - 1)), false);
        readIndex = index;
        return readSegment;
    }

    /** What a wait for data ended with. */
    enum Ready { DATA, TIMED_OUT, END_OF_FILE }

    /**
     * Waits until a message is readable, end-of-file (pipes) or the timeout: returns true for a
     * message or end-of-file (a receive would not block), false on timeout.
     */
    public boolean poll(long timeoutNanos, boolean endOfFile) throws InterruptedException {
        long head = (long) LONG.getVolatile(c, (long) HEAD);
        return awaitData(head, WaitPolicy.deadline(timeoutNanos), endOfFile) != Ready.TIMED_OUT;
    }

    private boolean hasData(long head) {
        return (long) LONG.getVolatile(c, (long) TAIL) > head;
    }

    /** Spins for {@link WaitPolicy#SPIN_NANOS}, then yields a few times; returns whether data came. */
    private boolean spinForData(long head, long spinNanos) {
        long until = System.nanoTime() + spinNanos;
        do {
            for (int i = 0; i < 64; i++) {
                Thread.onSpinWait();
                if (hasData(head)) {
                    return true;
                }
            }
        } while (System.nanoTime() - until < 0);
        for (int i = 0; i < WaitPolicy.YIELDS; i++) {
            Thread.yield();
            if (hasData(head)) {
                return true;
            }
        }
        return false;
    }

    private Ready awaitData(long head, long deadline, boolean endOfFile) throws InterruptedException {
        return awaitData(head, deadline, endOfFile, WaitPolicy.SPIN_NANOS);
    }

    private Ready awaitData(long head, long deadline, boolean endOfFile, long spinNanos) throws InterruptedException {
        if (hasData(head) || spinForData(head, spinNanos)) {
            return Ready.DATA;
        }
        long nextPeerCheck = 0;
        INT.getAndAdd(c, (long) SLEEPERS, 1);
        try {
            while (true) {
                int seq = (int) INT.getVolatile(c, (long) DATA_SEQ);
                if (hasData(head)) {
                    return Ready.DATA;
                }
                if (endOfFile && System.nanoTime() - nextPeerCheck >= 0) {
                    nextPeerCheck = System.nanoTime() + WaitPolicy.PEER_CHECK_NANOS;
                    if (writersGone()) {
                        return hasData(head) ? Ready.DATA : Ready.END_OF_FILE;
                    }
                }
                long slice = WaitPolicy.slice(deadline);
                if (slice == 0) {
                    return Ready.TIMED_OUT;
                }
                Futex.await(c, DATA_SEQ, seq, slice);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            INT.getAndAdd(c, (long) SLEEPERS, -1);
        }
    }

    /**
     * Unlinks and unmaps this channel's files, for a channel that no other process uses any more
     * (a warm-up's, or a pool's once its workers exited); the channel is unusable afterwards: an
     * access through it throws {@link IllegalStateException}.
     */
    @Override
    public synchronized void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
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
        control.unlink();
        for (SharedSegment s : slots.values()) {
            SharedSegments.unmap(s);
        }
        slots.clear();
        writeSegment = null;
        readSegment = null;
        SharedSegments.close(control);
    }

    // ---- writers, for end-of-file

    /** Records this process as holding the write side. */
    public void registerWriter() {
        writers.register();
        INT.setVolatile(c, (long) EVER_HELD, 1);
    }

    /** Records the process {@code pid} (a child being sent the write side) as holding it. */
    public void registerWriter(long pid, long startTicks) {
        writers.register(pid, startTicks);
        INT.setVolatile(c, (long) EVER_HELD, 1);
    }

    /** Records that this process no longer holds the write side, and wakes readers to notice. */
    public void unregisterWriter() {
        writers.unregister();
        INT.getAndAdd(c, (long) DATA_SEQ, 1);
        Futex.wake(c, DATA_SEQ, Integer.MAX_VALUE);
    }

    private boolean writersGone() {
        return (int) INT.getVolatile(c, (long) EVER_HELD) != 0 && !writers.anyAlive();
    }

    // ---- state

    /** Complete messages not yet taken (approximate while others read and write). */
    @Override
    public int messages() {
        long read = (long) LONG.getVolatile(c, (long) READ);
        long written = (long) LONG.getVolatile(c, (long) WRITTEN);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, written - read));
    }

    /** Whether no complete message is waiting. */
    @Override
    public boolean isEmpty() {
        return !hasData((long) LONG.getVolatile(c, (long) HEAD));
    }

    @Override
    public String toString() {
        return "Channel[" + control.name() + ", messages=" + messages() + "]";
    }
}
