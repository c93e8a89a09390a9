package org.multiprocessing4j.spi;

import java.io.EOFException;
import java.io.Serializable;

/**
 * An unbounded FIFO of byte frames shared by the processes of a context: the transport under
 * {@link org.multiprocessing4j.Queue}. Frames from one sender arrive in the order sent; each
 * frame is received once.
 *
 * <pre>{@code
 * FrameQueue q = backend.frameQueue(1 << 22);     // under new Queue<>()
 * q.send(frame, 0, frame.length);
 * byte[] same = q.receive(Long.MAX_VALUE, false, 0);
 * }</pre>
 */
public interface FrameQueue {
    /**
     * Appends {@code length} bytes of {@code frame} from {@code offset} as one frame.
     *
     * @param frame the array holding the frame's bytes
     * @param offset the position of the frame's first byte in {@code frame}
     * @param length the number of bytes of the frame
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    void send(byte[] frame, int offset, int length) throws InterruptedException;

    /**
     * Appends one frame made of {@code parts}' bytes, one part after the other: a queue in shared
     * memory copies each part straight into its memory, so a large array sent as a part (a heap
     * segment over it) is copied once. The default joins the parts into one array and calls
     * {@link #send(byte[], int, int)}.
     *
     * @param parts the frame's bytes, in order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalArgumentException if the frame is larger than this queue can hold
     */
    default void send(java.lang.foreign.MemorySegment[] parts) throws InterruptedException {
        byte[] frame = Parts.join(parts, "frame");
        send(frame, 0, frame.length);
    }

    /**
     * Takes the oldest frame as {@link #receive(long, boolean, long)} does; a large frame that lies
     * in shared memory may instead be given to {@code reader} as that memory, in pieces one after
     * the other (views of the queue's chunks, valid only during the call), and what the reader
     * made of it is returned: a large array can so be copied once, straight out. A frame given to
     * the reader counts as taken once the reader returns or throws; if the process dies during
     * the call, the frame stays for the next receiver. The reader should only copy: other
     * receivers wait meanwhile. The default never calls the reader.
     *
     * @param timeoutNanos as for {@link #receive(long, boolean, long)}
     * @param endOfFile as for {@link #receive(long, boolean, long)}
     * @param spinNanos as for {@link #receive(long, boolean, long)}
     * @param reader called with a large frame's pieces, at the queue's choice
     * @return the frame as a new array, or what the reader returned, or {@code null} on timeout
     * @throws EOFException if {@code endOfFile} and no writer remains (pipes only)
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    default Object receive(long timeoutNanos, boolean endOfFile, long spinNanos,
            java.util.function.Function<java.lang.foreign.MemorySegment[], ?> reader)
            throws InterruptedException, EOFException {
        return receive(timeoutNanos, endOfFile, spinNanos);
    }

    /**
     * Takes the oldest frame, waiting at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without
     * limit), after spinning for up to {@code spinNanos} where that helps.
     *
     * @param timeoutNanos the longest wait in nanoseconds; {@link Long#MAX_VALUE} waits without
     *     limit
     * @param endOfFile whether to return null, instead of waiting, once every writer is gone and
     *     the queue is empty
     * @param spinNanos how long to spin before parking, in nanoseconds (0: park at once)
     * @return the frame, or {@code null} on timeout
     * @throws EOFException if {@code endOfFile} and no writer remains (pipes only)
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos) throws InterruptedException, EOFException;

    /**
     * Frames queued now (approximate while others send or receive).
     *
     * @return frames queued now (approximate while others send or receive)
     */
    int messages();

    /**
     * Whether no frame is queued now (approximate while others send or receive).
     *
     * @return whether the queue is empty
     */
    boolean isEmpty();

    /**
     * Whether only processes of this user on this machine can send to this queue (shared memory):
     * its frames are then decoded under the local limits, else under the network ones, as frames
     * from another user or machine. The default is false.
     *
     * @return whether every sender is a process of this user on this machine
     */
    default boolean isPrivate() {
        return false;
    }

    /**
     * A short name for messages.
     *
     * @return a short name for messages
     */
    String name();

    /**
     * A serializable reference that deserializes into this queue in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this queue in any JVM of the context
     */
    Serializable handle();

    /**
     * Frees the queue's storage now, for a queue that no process uses any more (the pool's
     * queues once its workers exited); the queue is unusable afterwards. Idempotent. The default
     * does nothing: the storage then lives as long as the context keeps it.
     */
    default void destroy() {}
}
