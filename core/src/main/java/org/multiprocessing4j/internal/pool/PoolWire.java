package org.multiprocessing4j.internal.pool;

import java.nio.ByteBuffer;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * The binary form of the pool's messages, so that a task's trip costs no Java-serialization
 * stream set-up (which would be most of a small task's cost). Arguments, results and failures
 * inside are ordinary frames ({@link Serialization}).
 *
 * <pre>
 *   chunk:  long jobId, int index, int claim, byte mode, int fnLength, fn bytes, int argsLength (-1: none), args frame
 *   result: long jobId, int index, int slot, int claim, byte flags (1 retiring, 2 failed, 4 skipped),
 *           int length, frame (the packed values, or a RemoteFailure when failed; null when skipped)
 * </pre>
 */
public final class PoolWire {
    private static final TaskChunk.Mode[] MODES = TaskChunk.Mode.values();

    private PoolWire() {}

    /**
     * Encodes a chunk.
     *
     * @throws IllegalArgumentException if its arguments cannot be serialized
     */
    public static byte[] encode(TaskChunk c) {
        byte[] args = c.args() == null ? null : Serialization.toFrame(c.args());
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 1 + 4 + c.function().length + 4 + (args == null ? 0 : args.length));
        b.putLong(c.jobId()).putInt(c.index()).putInt(c.claim()).put((byte) c.mode().ordinal());
        b.putInt(c.function().length).put(c.function());
        if (args == null) {
            b.putInt(-1);
        } else {
            b.putInt(args.length).put(args);
        }
        return b.array();
    }

    /** Decodes a chunk made by {@link #encode(TaskChunk)}. */
    public static TaskChunk decodeChunk(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long job = b.getLong();
        int index = b.getInt();
        int claim = b.getInt();
        TaskChunk.Mode mode = MODES[b.get()];
        byte[] fn = new byte[b.getInt()];
        b.get(fn);
        int argsLength = b.getInt();
        Object args = null;
        if (argsLength >= 0) {
            args = Serialization.fromFrame(bytes, b.position(), argsLength);
        }
        return new TaskChunk(job, index, mode, fn, args, claim);
    }

    /**
     * Encodes a result.
     *
     * @throws IllegalArgumentException if its values cannot be serialized
     */
    public static byte[] encode(ChunkResult r) {
        byte[] frame = Serialization.toFrame(r.failure() != null ? r.failure() : r.values());
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 4 + 1 + 4 + frame.length);
        int flags = (r.retiring() ? 1 : 0) | (r.failure() != null ? 2 : 0) | (r.skipped() ? 4 : 0);
        b.putLong(r.jobId()).putInt(r.index()).putInt(r.slot()).putInt(r.claim()).put((byte) flags)
                .putInt(frame.length).put(frame);
        return b.array();
    }

    /** Decodes a result made by {@link #encode(ChunkResult)}. */
    public static ChunkResult decodeResult(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long job = b.getLong();
        int index = b.getInt();
        int slot = b.getInt();
        int claim = b.getInt();
        int flags = b.get();
        int length = b.getInt();
        Object o;
        try {
            o = Serialization.fromFrame(bytes, b.position(), length);
        } catch (RuntimeException e) {
            // the payload cannot be read here (a class not on this side's allow-list, say): the chunk fails
            return new ChunkResult(job, index, null, RemoteFailure.of(new IllegalStateException(
                    "cannot decode a worker's result: " + e.getMessage(), e)), slot, (flags & 1) != 0, claim, false);
        }
        boolean failed = (flags & 2) != 0;
        return new ChunkResult(job, index, failed ? null : o, failed ? (RemoteFailure) o : null, slot, (flags & 1) != 0,
                claim, (flags & 4) != 0);
    }
}
