package org.multiprocessing4j.internal.channel;

import static org.multiprocessing4j.internal.channel.ChannelLayout.DATA_SEQ;
import static org.multiprocessing4j.internal.channel.ChannelLayout.EVER_HELD;
import static org.multiprocessing4j.internal.channel.ChannelLayout.HEAD;
import static org.multiprocessing4j.internal.channel.ChannelLayout.LENGTH;
import static org.multiprocessing4j.internal.channel.ChannelLayout.READ;
import static org.multiprocessing4j.internal.channel.ChannelLayout.READ_LOCK;
import static org.multiprocessing4j.internal.channel.ChannelLayout.SHIFT;
import static org.multiprocessing4j.internal.channel.ChannelLayout.SLEEPERS;
import static org.multiprocessing4j.internal.channel.ChannelLayout.TABLE_SIZE;
import static org.multiprocessing4j.internal.channel.ChannelLayout.TAIL;
import static org.multiprocessing4j.internal.channel.ChannelLayout.WRITERS;
import static org.multiprocessing4j.internal.channel.ChannelLayout.WRITE_LOCK;
import static org.multiprocessing4j.internal.channel.ChannelLayout.WRITTEN;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.FutexWait;
import org.multiprocessing4j.internal.sync.ProcessSlots;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.internal.sync.WaitPolicy;

/**
 * A multi-producer, multi-consumer channel of byte messages in shared memory: the engine of
 * {@code Queue}, {@code SimpleQueue}, {@code JoinableQueue} and {@code Pipe}.
 *
 * <h2>Storage</h2>
 * Messages form one unbounded byte stream, {@code [int length][bytes]} after each other (the
 * length big-endian), stored in chunks of 2^shift bytes: the byte at stream position p is at
 * offset {@code p & (size - 1)} of chunk {@code p >>> shift}. A message may span chunks, so a
 * message of any size streams through. This class is the stream: framing, the read and write
 * locks, the head and tail, waiting and end-of-file. Which file holds a chunk, and the reuse and
 * recovery of those files, is {@link ChunkFiles}'; the control segment's layout is
 * {@link ChannelLayout}'s.
 *
 * <h2>Crash safety</h2>
 * A writer publishes {@code tail} only after its whole message is in place, and a reader
 * publishes {@code head} only after it copied its whole message out. A writer that dies
 * mid-message leaves nothing visible (the next writer, which recovers the lock, overwrites the
 * partial bytes); a reader that dies mid-message leaves the message for the next reader. Either
 * lock held by a dead process is recovered (see {@link SharedMutex}). So a message is delivered
 * exactly once to a reader that returns it, whatever dies. Chunk files are not lost either (see
 * {@link ChunkFiles}).
 *
 * <h2>Waiting</h2>
 * A reader spins briefly, then registers as a sleeper and sleeps on {@code dataSeq} while no
 * complete message is there ({@link FutexWait}); a writer bumps {@code dataSeq} and wakes only if
 * someone sleeps.
 * (Sleeper registration is an atomic add and publication a volatile store, each followed by a
 * volatile load of the other side's field, so no wake-up is lost.)
 */
public final class Channel implements org.multiprocessing4j.spi.FrameQueue {
    /**
     * A message shorter than this that lies in one chunk is returned as a new array, without
     * calling a reader: a small queue item is copied once, with no views made.
     */
    public static final int SMALL_MESSAGE = 512;

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
    /** Readers' waits for data, on {@code dataSeq}. */
    private final FutexWait dataWait;
    /** The files that hold the chunks. */
    private final ChunkFiles chunks;
    /** The manager's reference this channel ships as, or null; set once by the server, before sharing. */
    private volatile java.io.Serializable managed;
    private long lastTail = -1;          // guarded by writeLock: the tail this process's last message left
    private long lastWritten;            // guarded by writeLock: the message count it left
    /** Whether {@link #destroy()} ran; guarded by this. */
    private boolean destroyed;
    private long lastHead = -1;          // guarded by readLock: the head this process's last message left
    private long lastRead;               // guarded by readLock: the taken count it left
    private long seenTail;               // guarded by readLock: a tail this process read (all before it is complete)

    private Channel(SharedSegment control) {
        this.control = control;
        this.c = control.data();
        this.writeLock = SharedMutex.untracked(c, WRITE_LOCK);
        this.readLock = SharedMutex.untracked(c, READ_LOCK);
        this.writers = new ProcessSlots(c, WRITERS);
        this.dataWait = new FutexWait(c, DATA_SEQ, SLEEPERS);
        this.shift = (int) INT.getVolatile(c, SHIFT);
        this.chunkSize = 1L << shift;
        this.mask = chunkSize - 1;
        this.chunks = new ChunkFiles(control, shift);
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
        INT.setRelease(control.data(), SHIFT, Integer.numberOfTrailingZeros(chunkSize));
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
        checkSendable(length);
        writeLock.acquire(Long.MAX_VALUE);
        try {
            long pos = (long) LONG.getVolatile(c, TAIL);
            // the tail only grows, so if it is where this process left it, nobody wrote since
            long written = (pos == lastTail ? lastWritten : (long) LONG.get(c, WRITTEN)) + 1;
            int at = (int) (pos & mask);
            if (at + 4L + length <= chunkSize) { // the usual case: the whole message in one chunk
                MemorySegment chunk = chunks.forWriting(pos >>> shift);
                chunk.set(INT_BE, at, length);
                MemorySegment.copy(message, offset, chunk, ValueLayout.JAVA_BYTE, at + 4, length);
                pos += 4 + length;
            } else {
                pos = writeInt(pos, length);
                pos = writeBytes(pos, message, offset, length);
            }
            LONG.setRelease(c, WRITTEN, written);
            // volatile: the store of tail and the load of sleepers in wakeReaders must not be
            // reordered (the reader registers as a sleeper, then reads tail)
            LONG.setVolatile(c, TAIL, pos);
            lastTail = pos;
            lastWritten = written;
        } finally {
            writeLock.release();
        }
        wakeReaders();
    }

    /**
     * Appends one message made of {@code parts}, each copied straight into the chunks (a large
     * array's heap segment is copied once, with no {@code byte[]} in between). Never waits for
     * space.
     *
     * @throws InterruptedException if interrupted while waiting for the write lock
     * @throws IllegalArgumentException if the message exceeds the channel's limit
     * @throws IllegalStateException if shared memory ran out
     */
    @Override
    public void send(MemorySegment[] parts) throws InterruptedException {
        long length = 0;
        for (MemorySegment p : parts) {
            length += p.byteSize();
        }
        checkSendable(length);
        writeLock.acquire(Long.MAX_VALUE);
        try {
            long pos = (long) LONG.getVolatile(c, TAIL);
            long written = (pos == lastTail ? lastWritten : (long) LONG.get(c, WRITTEN)) + 1;
            pos = writeInt(pos, (int) length);
            for (MemorySegment p : parts) {
                pos = writeSegment(pos, p);
            }
            LONG.setRelease(c, WRITTEN, written);
            LONG.setVolatile(c, TAIL, pos); // volatile: see send(byte[], int, int)
            lastTail = pos;
            lastWritten = written;
        } finally {
            writeLock.release();
        }
        wakeReaders();
    }

    /**
     * Fails a message of {@code length} bytes, before any of it is written, if it is over the
     * channel's limit (an int length, {@code TABLE_SIZE - 1} chunks) or, when larger than a chunk,
     * if there is no room for it ({@link #checkSpace}).
     *
     * @throws IllegalArgumentException if it is over the limit
     * @throws IllegalStateException if shared memory has no room for it
     */
    private void checkSendable(long length) {
        long limit = Math.min(Integer.MAX_VALUE, (TABLE_SIZE - 1) * chunkSize - 4);
        if (length > limit) {
            throw new IllegalArgumentException("message of length=" + length + " exceeds this channel's limit of "
                    + limit + " bytes (" + (TABLE_SIZE - 1) + " chunks of " + chunkSize + ")");
        }
        if (length > chunkSize) {
            checkSpace(length);
        }
    }

    /**
     * Fails a message of {@code length} bytes, before any of it is written, if the shared-memory
     * folder has no room for the chunk files it needs beyond the free ones this channel keeps
     * (less what {@code -Dmp4j.shm.reserve} keeps free). Each new chunk file is checked again
     * when it is made ({@code SharedSegment}); this check names the whole message.
     *
     * @throws IllegalStateException naming the message's size and the space there is
     */
    private void checkSpace(long length) {
        long needed = length + 4 - (long) chunks.freeSlots() * chunkSize;
        if (needed <= 0) {
            return;
        }
        long usable = SharedSegments.usableSpace();
        long reserve = SharedSegments.reserve();
        if (needed > usable - reserve) {
            throw new IllegalStateException("cannot send a message of " + length + " bytes through " + name()
                    + ": it needs " + needed + " bytes of new shared memory, and " + SharedSegments.directory()
                    + " has " + usable + " bytes usable" + (reserve > 0 ? ", of which -Dmp4j.shm.reserve=" + reserve
                    + " are kept free" : "") + "; send the data in smaller parts, free space there, or enlarge it"
                    + " (a container's /dev/shm is often 64 MB: docker run --shm-size=1g)");
        }
    }

    private long writeSegment(long pos, MemorySegment src) {
        long off = 0;
        long len = src.byteSize();
        while (len > 0) {
            long index = pos >>> shift;
            int at = (int) (pos & mask);
            long n = Math.min(len, chunkSize - at);
            MemorySegment.copy(src, off, chunks.forWriting(index), at, n);
            pos += n;
            off += n;
            len -= n;
        }
        return pos;
    }

    private void wakeReaders() {
        if ((int) INT.getVolatile(c, SLEEPERS) > 0) {
            INT.getAndAdd(c, DATA_SEQ, 1);
            Futex.wake(c, DATA_SEQ, Integer.MAX_VALUE);
        }
    }

    private long writeInt(long pos, int v) {
        int at = (int) (pos & mask);
        if (at + 4 <= chunkSize) {
            chunks.forWriting(pos >>> shift).set(INT_BE, at, v);
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
            MemorySegment.copy(src, off, chunks.forWriting(index), ValueLayout.JAVA_BYTE, at, n);
            pos += n;
            off += n;
            len -= n;
        }
        return pos;
    }

    /** Package-private, for tests: chunk files on the free list. */
    int freeSlots() {
        return chunks.freeSlots();
    }

    /** Package-private, for tests: chunk files numbered so far. */
    int slotCount() {
        return chunks.slotCount();
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
        return (byte[]) take(timeoutNanos, endOfFile, spinNanos, null);
    }

    /**
     * Takes the next message as {@link #receive(long, boolean, long)} does; one of
     * {@link #SMALL_MESSAGE} bytes or more is given to {@code reader} as views of the chunks it
     * lies in, under the read lock: the head moves past the message only once the reader returned
     * (or threw), so a reader that dies meanwhile loses nothing.
     */
    @Override
    public Object receive(long timeoutNanos, boolean endOfFile, long spinNanos,
            java.util.function.Function<MemorySegment[], ?> reader) throws InterruptedException, EOFException {
        return take(timeoutNanos, endOfFile, spinNanos, reader);
    }

    /** Takes the next message: as a new array if small or without {@code reader}, else as what the reader made of its pieces. */
    private Object take(long timeoutNanos, boolean endOfFile, long spinNanos,
            java.util.function.Function<MemorySegment[], ?> reader) throws InterruptedException, EOFException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : WaitPolicy.deadline(timeoutNanos);
        if (readLock.acquire(timeoutNanos) == SharedMutex.Acquired.NO) {
            return null;
        }
        try {
            long head = (long) LONG.getVolatile(c, HEAD);
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
                seenTail = (long) LONG.getVolatile(c, TAIL);
            }
            Object message;
            long newHead;
            int at = (int) (head & mask);
            MemorySegment chunk;
            int length;
            if (at + 4 <= chunkSize && at + 4L + (length = (chunk = chunks.forReading(head >>> shift)).get(INT_BE, at)) <= chunkSize) {
                newHead = head + 4 + length; // the usual case: the whole message in one chunk
                if (reader == null || length < SMALL_MESSAGE) { // a small one: a new array, the reader not called
                    byte[] bytes = new byte[length];
                    MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, at + 4, bytes, 0, length);
                    message = bytes;
                } else {
                    message = readUnderLock(reader, new MemorySegment[] {chunk.asSlice(at + 4, length)}, head, newHead);
                }
            } else {
                length = readInt(head);
                newHead = head + 4 + length;
                if (reader == null) {
                    byte[] bytes = new byte[length];
                    readBytes(head + 4, bytes, 0, length);
                    message = bytes;
                } else {
                    message = readUnderLock(reader, pieces(head + 4, length), head, newHead);
                }
            }
            consumed(head, newHead);
            return message;
        } finally {
            readLock.release();
        }
    }

    /** Runs {@code reader}; if it throws, the message still counts as taken (a malformed one must not stay at the head). */
    private Object readUnderLock(java.util.function.Function<MemorySegment[], ?> reader, MemorySegment[] pieces,
            long head, long newHead) {
        try {
            return reader.apply(pieces);
        } catch (RuntimeException | Error e) {
            consumed(head, newHead);
            throw e;
        }
    }

    /** Publishes that the message from {@code head} to {@code newHead} was taken, and gives passed chunks back. Read lock held. */
    private void consumed(long head, long newHead) {
        // the head only grows, so if it is where this process left it, nobody read since
        long read = (head == lastHead ? lastRead : (long) LONG.get(c, READ)) + 1;
        LONG.setRelease(c, READ, read);
        LONG.setRelease(c, HEAD, newHead);
        lastHead = newHead;
        lastRead = read;
        chunks.passed(head >>> shift, newHead >>> shift);
    }

    /** Views of the chunks holding the {@code length} bytes at stream position {@code pos}, in order. Read lock held. */
    private MemorySegment[] pieces(long pos, int length) {
        java.util.List<MemorySegment> list = new java.util.ArrayList<>();
        long left = length;
        while (left > 0) {
            int at = (int) (pos & mask);
            long n = Math.min(left, chunkSize - at);
            list.add(chunks.forReading(pos >>> shift).asSlice(at, n));
            pos += n;
            left -= n;
        }
        return list.toArray(new MemorySegment[0]);
    }

    private int readInt(long pos) {
        int at = (int) (pos & mask);
        if (at + 4 <= chunkSize) {
            return chunks.forReading(pos >>> shift).get(INT_BE, at);
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
            MemorySegment.copy(chunks.forReading(index), ValueLayout.JAVA_BYTE, at, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
        return pos;
    }

    /** What a wait for data ended with. */
    enum Ready { DATA, TIMED_OUT, END_OF_FILE }

    /**
     * Waits until a message is readable, end-of-file (pipes) or the timeout: returns true for a
     * message or end-of-file (a receive would not block), false on timeout.
     */
    public boolean poll(long timeoutNanos, boolean endOfFile) throws InterruptedException {
        long head = (long) LONG.getVolatile(c, HEAD);
        return awaitData(head, WaitPolicy.deadline(timeoutNanos), endOfFile) != Ready.TIMED_OUT;
    }

    private boolean hasData(long head) {
        return (long) LONG.getVolatile(c, TAIL) > head;
    }

    private Ready awaitData(long head, long deadline, boolean endOfFile) throws InterruptedException {
        return awaitData(head, deadline, endOfFile, WaitPolicy.SPIN_NANOS);
    }

    /**
     * Spins for {@code spinNanos}, then yields {@link WaitPolicy#YIELDS} times, reading only the
     * tail (dataSeq's line stays out of the spinner's cache until it sleeps). This class's own loop,
     * not FutexWait's spin: there the poll is a call through an interface shared by every
     * primitive's lambda, which the JIT cannot inline on a reader's hot path.
     */
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

    /**
     * Spins for {@code spinNanos}, yields a few times, then sleeps on {@code dataSeq} (see
     * {@link FutexWait}) until a message past {@code head} is complete, the deadline, or (with
     * {@code endOfFile}) no writer is left, which is checked at once and then every
     * {@link WaitPolicy#PEER_CHECK_NANOS}.
     */
    private Ready awaitData(long head, long deadline, boolean endOfFile, long spinNanos) throws InterruptedException {
        if (hasData(head)) {
            return Ready.DATA;
        }
        if (spinForData(head, spinNanos)) {
            return Ready.DATA;
        }
        FutexWait.Poll arrived = () -> {
            int seq = (int) INT.getVolatile(c, DATA_SEQ); // before the check: see FutexWait
            return hasData(head) ? FutexWait.READY : seq;
        };
        return switch (dataWait.sleep(arrived, deadline, endOfFile ? this::writersGone : null, 0, null)) {
            case READY -> Ready.DATA;
            case PEER_GONE -> hasData(head) ? Ready.DATA : Ready.END_OF_FILE;
            case TIMED_OUT -> Ready.TIMED_OUT;
        };
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
        chunks.unlinkAll();
        control.unlink();
        chunks.unmapAll();
        SharedSegments.close(control);
    }

    // ---- writers, for end-of-file

    /** Records this process as holding the write side. */
    public void registerWriter() {
        writers.register();
        INT.setVolatile(c, EVER_HELD, 1);
    }

    /** Records the process {@code pid} (a child being sent the write side) as holding it. */
    public void registerWriter(long pid, long startTicks) {
        writers.register(pid, startTicks);
        INT.setVolatile(c, EVER_HELD, 1);
    }

    /** Records that this process no longer holds the write side, and wakes readers to notice. */
    public void unregisterWriter() {
        writers.unregister();
        INT.getAndAdd(c, DATA_SEQ, 1);
        Futex.wake(c, DATA_SEQ, Integer.MAX_VALUE);
    }

    private boolean writersGone() {
        return (int) INT.getVolatile(c, EVER_HELD) != 0 && !writers.anyAlive();
    }

    // ---- state

    /** Complete messages not yet taken (approximate while others read and write). */
    @Override
    public int messages() {
        long read = (long) LONG.getVolatile(c, READ);
        long written = (long) LONG.getVolatile(c, WRITTEN);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, written - read));
    }

    /** Whether no complete message is waiting. */
    @Override
    public boolean isEmpty() {
        return !hasData((long) LONG.getVolatile(c, HEAD));
    }

    @Override
    public String toString() {
        return "Channel[" + control.name() + ", messages=" + messages() + "]";
    }
}
