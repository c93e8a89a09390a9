package org.multiprocessing4j.internal.pool;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.multiprocessing4j.internal.serial.Pieces;
import org.multiprocessing4j.internal.serial.RemoteFailure;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.spi.ObjectCodec;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * The binary form of the pool's messages, so that a task's trip costs no Java-serialization
 * stream set-up (which would be most of a small task's cost). Arguments, results and failures
 * inside are ordinary frames ({@link Serialization}); packed pairs ({@link Packing.Pairs}) are
 * their two columns' frames, so that pairs of numbers travel as two primitive arrays.
 *
 * <pre>
 *   chunk:  long jobId, int index, int claim, byte mode, long timeoutNanos, int skipCount, int skip[skipCount],
 *           int fnLength, fn bytes, args
 *   args:   int -1 (none) | int length, frame | int -2 (pairs), int length, firsts frame, int length, seconds frame
 *   result: long jobId, int index, int slot, int claim, byte flags (1 retiring, 2 failed, 4 skipped,
 *           8 partial: some values are TaskFailures, 16 dying: failed is why the worker dies),
 *           int length, frame (the packed values, or a RemoteFailure when failed; null when skipped)
 *   control: no bytes: in a worker's inbox, stop; in the result queue, wake the result thread
 * </pre>
 * Each message is one frame of the pool's frame queues, as it is (no serialization around it).
 * A message is a {@link WireMessage}: the arguments' or values' frame comes last, so its large
 * primitive arrays are written straight from the heap into the queue's shared memory
 * ({@link #send}) and copied straight out of it into new arrays ({@link #receiveChunk},
 * {@link #receiveResult}): one copy each way, no {@code byte[]} of the whole message.
 */
public final class PoolWire {
    private static final TaskChunk.Mode[] MODES = TaskChunk.Mode.values();

    /** The control message: a worker that takes it from its inbox stops; the result thread taking it only wakes. */
    public static final WireMessage CONTROL = WireMessage.of(new byte[0]);

    /** The length of a result's fields before its frame. */
    private static final int RESULT_HEADER = 8 + 4 + 4 + 4 + 1 + 4;
    /** Where a chunk's skip count is: after job, index, claim, mode and time limit. */
    private static final int SKIP_COUNT_AT = 8 + 4 + 4 + 1 + 8;

    private PoolWire() {}

    /**
     * Whether {@code frame} is the control message rather than a chunk or a result.
     *
     * @param frame a frame taken from a pool queue
     * @return whether it is {@link #CONTROL}
     */
    public static boolean isControl(WireMessage frame) {
        return frame.length() == 0 && frame.size() == 0;
    }

    /**
     * Sends one message on a pool queue.
     *
     * @param queue the queue
     * @param message the message, as {@code encode} made it, or {@link #CONTROL}
     * @throws InterruptedException if interrupted while waiting for the queue's write lock
     */
    public static void send(FrameQueue queue, WireMessage message) throws InterruptedException {
        if (message.size() == message.length()) {
            queue.send(message.bytes(), 0, message.length());
        } else {
            queue.send(message.segments());
        }
    }

    /**
     * Takes the next chunk message of a worker's inbox, copying its arguments' large arrays
     * straight out of the queue's memory.
     *
     * @return the message, or null after {@code timeoutNanos}
     */
    public static WireMessage receiveChunk(FrameQueue inbox, long timeoutNanos, long spinNanos)
            throws InterruptedException, EOFException {
        Object m = inbox.receive(timeoutNanos, false, spinNanos, COPY_CHUNK);
        return m == null ? null : Serialization.received(m);
    }

    /**
     * Takes the next result message of a pool's result queue, copying its values' large arrays
     * straight out of the queue's memory.
     *
     * @return the message, or null after {@code timeoutNanos}
     */
    public static WireMessage receiveResult(FrameQueue results, long timeoutNanos, long spinNanos)
            throws InterruptedException, EOFException {
        Object m = results.receive(timeoutNanos, false, spinNanos, COPY_RESULT);
        return m == null ? null : Serialization.received(m);
    }

    private static final java.util.function.Function<MemorySegment[], Object> COPY_CHUNK = PoolWire::copyChunk;
    private static final java.util.function.Function<MemorySegment[], Object> COPY_RESULT = PoolWire::copyResult;

    /** A chunk out of the queue's memory: its arguments' frame starts after the header and the function. */
    private static WireMessage copyChunk(MemorySegment[] pieces) {
        long length = Pieces.length(pieces);
        if (length < SKIP_COUNT_AT + 4) {
            return Serialization.copyOut(pieces, length, true); // the control message (or malformed: decoding says so)
        }
        long fnAt = SKIP_COUNT_AT + 4 + 4L * Math.max(0, Pieces.getIntBigEndian(pieces, SKIP_COUNT_AT));
        long argsAt = fnAt + 4 + Math.max(0, fnAt + 4 <= length ? Pieces.getIntBigEndian(pieces, fnAt) : 0);
        boolean oneFrame = argsAt + 4 <= length && Pieces.getIntBigEndian(pieces, argsAt) >= 0;
        return Serialization.copyOut(pieces, oneFrame ? argsAt + 4 : length, true);
    }

    /** A result out of the queue's memory: its frame starts after the header. */
    private static WireMessage copyResult(MemorySegment[] pieces) {
        return Serialization.copyOut(pieces, Math.min(RESULT_HEADER, Pieces.length(pieces)), true);
    }

    /**
     * Encodes a chunk.
     *
     * @throws IllegalArgumentException if its arguments cannot be serialized
     */
    public static WireMessage encode(TaskChunk c) {
        return encode(c, null);
    }

    /**
     * Encodes a chunk, its arguments with plug-in codec {@code codec} where Java serialization
     * would be used (null: Java serialization).
     *
     * @throws IllegalArgumentException if its arguments cannot be serialized
     */
    public static WireMessage encode(TaskChunk c, ObjectCodec codec) {
        if (c.args() != null && !(c.args() instanceof Packing.Pairs)) {
            // the arguments' frame is made with room for the header before it; its large arrays follow it uncopied
            int header = headerLength(c) + 4;
            WireMessage chunk = Serialization.toMessage(c.args(), header, codec);
            ByteBuffer b = ByteBuffer.wrap(chunk.bytes());
            putHeader(b, c);
            b.putInt((int) (chunk.size() - header));
            return chunk;
        }
        byte[][] args = switch (c.args()) {
            case null -> new byte[0][];
            case Packing.Pairs p -> new byte[][] {frame(p.firsts(), codec), frame(p.seconds(), codec)};
            case Object a -> new byte[][] {frame(a, codec)};
        };
        int size = headerLength(c) + 4; // the last int: NO_ARGS, PAIRS or the frame's length
        for (byte[] a : args) {
            size += a.length;
        }
        if (args.length == 2) {
            size += 4 + 4; // each column's length
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        putHeader(b, c);
        switch (args.length) {
            case 0 -> b.putInt(NO_ARGS);
            case 1 -> b.putInt(args[0].length).put(args[0]);
            default -> b.putInt(PAIRS).putInt(args[0].length).put(args[0]).putInt(args[1].length).put(args[1]);
        }
        return WireMessage.of(b.array());
    }

    /** {@code value}'s frame, with {@code codec} where Java serialization would be used (null: Java serialization). */
    private static byte[] frame(Object value, ObjectCodec codec) {
        if (codec == null) {
            return Serialization.toFrame(value);
        }
        return Serialization.toMessage(value, 0, codec).toBytes();
    }

    /** The length of a chunk's fields before its arguments. */
    private static int headerLength(TaskChunk c) {
        return 8 + 4 + 4 + 1 + 8 + 4 + 4 * c.skip().length + 4 + c.function().length;
    }

    private static void putHeader(ByteBuffer b, TaskChunk c) {
        b.putLong(c.jobId()).putInt(c.index()).putInt(c.claim()).put((byte) c.mode().ordinal());
        b.putLong(c.timeoutNanos()).putInt(c.skip().length);
        for (int s : c.skip()) {
            b.putInt(s);
        }
        b.putInt(c.function().length).put(c.function());
    }

    /** Reads the skip positions after the time limit. */
    private static int[] skip(ByteBuffer b) {
        int[] skip = new int[b.getInt()];
        for (int i = 0; i < skip.length; i++) {
            skip[i] = b.getInt();
        }
        return skip;
    }

    private static final int NO_ARGS = -1;
    private static final int PAIRS = -2;

    /**
     * The job, index and claim word of a chunk made by {@link #encode(TaskChunk)}, without its
     * function and arguments: for a worker that cannot decode the arguments, to report that
     * chunk's failure.
     */
    public static TaskChunk decodeHeader(WireMessage message) {
        ByteBuffer b = ByteBuffer.wrap(message.bytes(), 0, message.length());
        long job = b.getLong();
        int index = b.getInt();
        int claim = b.getInt();
        TaskChunk.Mode mode = MODES[b.get()];
        long timeout = b.getLong();
        return new TaskChunk(job, index, mode, new byte[0], null, claim, timeout, skip(b));
    }

    /** Decodes a chunk made by {@link #encode(TaskChunk)}. */
    public static TaskChunk decodeChunk(WireMessage message) {
        byte[] bytes = message.bytes();
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, message.length());
        long job = b.getLong();
        int index = b.getInt();
        int claim = b.getInt();
        TaskChunk.Mode mode = MODES[b.get()];
        long timeout = b.getLong();
        int[] skip = skip(b);
        byte[] fn = new byte[b.getInt()];
        b.get(fn);
        int argsLength = b.getInt();
        Object args = null;
        if (argsLength == PAIRS) {
            args = new Packing.Pairs(frame(b, bytes), frame(b, bytes));
        } else if (argsLength != NO_ARGS) {
            args = Serialization.fromMessage(message, b.position(), true); // the last frame: it runs to the end
        }
        return new TaskChunk(job, index, mode, fn, args, claim, timeout, skip);
    }

    /** Reads an int length and the frame after it. */
    private static Object frame(ByteBuffer b, byte[] bytes) {
        int length = b.getInt();
        Object o = Serialization.fromFrame(bytes, b.position(), length);
        b.position(b.position() + length);
        return o;
    }

    /**
     * Encodes a result.
     *
     * @throws IllegalArgumentException if its values cannot be serialized
     */
    public static WireMessage encode(ChunkResult r) {
        return encode(r, null);
    }

    /**
     * Encodes a result, its values with plug-in codec {@code codec} where Java serialization would
     * be used (null: Java serialization; a failure always travels by Java serialization).
     *
     * @throws IllegalArgumentException if its values cannot be serialized
     */
    public static WireMessage encode(ChunkResult r, ObjectCodec codec) {
        int header = RESULT_HEADER;
        // the frame is made with room for the header before it; its large arrays follow it uncopied
        WireMessage result = r.failure() != null ? Serialization.toMessage(r.failure(), header)
                : Serialization.toMessage(r.values(), header, codec);
        ByteBuffer b = ByteBuffer.wrap(result.bytes());
        int flags = (r.retiring() ? 1 : 0) | (r.failure() != null ? 2 : 0) | (r.skipped() ? 4 : 0) | (r.partial() ? 8 : 0)
                | (r.dying() ? 16 : 0);
        b.putLong(r.jobId()).putInt(r.index()).putInt(r.slot()).putInt(r.claim()).put((byte) flags)
                .putInt((int) (result.size() - header));
        return result;
    }

    /** Decodes a result made by {@link #encode(ChunkResult)}. */
    public static ChunkResult decodeResult(WireMessage message) {
        ByteBuffer b = ByteBuffer.wrap(message.bytes(), 0, message.length());
        long job = b.getLong();
        int index = b.getInt();
        int slot = b.getInt();
        int claim = b.getInt();
        int flags = b.get();
        b.getInt(); // the frame's length: the frame runs to the message's end
        Object o;
        try {
            o = Serialization.fromMessage(message, b.position(), true);
        } catch (RuntimeException e) {
            // the payload cannot be read here (a class the policy refuses, say): the chunk fails with the public type
            return new ChunkResult(job, index, null, RemoteFailure.of(new org.multiprocessing4j.DeserializationException(
                    "cannot decode a worker's result: " + e.getMessage(), e)), slot, (flags & 1) != 0, claim, false,
                    false, (flags & 16) != 0);
        }
        boolean failed = (flags & 2) != 0;
        return new ChunkResult(job, index, failed ? null : o, failed ? (RemoteFailure) o : null, slot, (flags & 1) != 0,
                claim, (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0);
    }
}
