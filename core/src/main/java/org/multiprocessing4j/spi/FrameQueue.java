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
