package org.multiprocessing4j.spi;

import java.io.EOFException;
import java.io.Serializable;

/**
 * One direction of a {@link org.multiprocessing4j.Pipe}: whole messages from the holders of the
 * sending end to the receiving end, with end of file once no holder of the sending end is left.
 * Which processes hold the sending end is told by {@link #addWriter()}, {@link #removeWriter()}
 * and {@link #shipWriter()}; how the end of the last one is noticed is the backend's (process
 * liveness locally, a marker sent by the last {@code removeWriter} in {@link QueuedMessageStream}).
 *
 * <pre>{@code
 * MessageStream s = backend.messageStream(1 << 22);   // under Pipe.open()
 * s.addWriter();
 * s.send(bytes, 0, bytes.length);
 * byte[] same = s.receive();
 * }</pre>
 */
public interface MessageStream {
    /**
     * Appends {@code length} bytes of {@code message} from {@code offset} as one message.
     *
     * @param message the array holding the message's bytes
     * @param offset the position of the message's first byte in {@code message}
     * @param length the number of bytes of the message
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    void send(byte[] message, int offset, int length) throws InterruptedException;

    /**
     * Appends one message made of {@code parts}' bytes, one part after the other (a stream in
     * shared memory copies each straight into its memory, see
     * {@link FrameQueue#send(java.lang.foreign.MemorySegment[])}). The default joins the parts
     * into one array and calls {@link #send(byte[], int, int)}.
     *
     * @param parts the message's bytes, in order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalArgumentException if the message is larger than 2 GiB
     */
    default void send(java.lang.foreign.MemorySegment[] parts) throws InterruptedException {
        byte[] message = Parts.join(parts, "message");
        send(message, 0, message.length);
    }

    /**
     * Takes the oldest message as {@link #receive()} does; a large message that lies in shared
     * memory may instead be given to {@code reader} as that memory, in pieces (see
     * {@link FrameQueue#receive(long, boolean, long, java.util.function.Function)}), and what
     * the reader made of it is returned. The default never calls the reader.
     *
     * @param reader called with a large message's pieces, at the stream's choice; it should only copy
     * @return the message as a new array, or what the reader returned
     * @throws EOFException if no message is left and no holder of the sending end remains
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    default Object receive(java.util.function.Function<java.lang.foreign.MemorySegment[], ?> reader)
            throws EOFException, InterruptedException {
        return receive();
    }

    /**
     * Takes the oldest message, waiting without limit while there is none and a writer remains.
     *
     * @return a new array holding the message's bytes
     * @throws EOFException if no message is left and no holder of the sending end remains
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    byte[] receive() throws EOFException, InterruptedException;

    /**
     * Waits at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit) until a message
     * or end of file is there.
     *
     * @param timeoutNanos the longest wait in nanoseconds; 0 looks once
     * @return whether {@link #receive()} would not block
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean poll(long timeoutNanos) throws InterruptedException;

    /** Records that this process holds the sending end (it received it, or sends on it). */
    void addWriter();

    /** Records that a holder of the sending end in this process closed it. */
    void removeWriter();

    /**
     * Called when a sending end is serialized: where the backend can tell the receiving process
     * (a child being started), it counts as holding the end from its start. May do nothing.
     */
    void shipWriter();

    /**
     * A short name for messages.
     *
     * @return a short name for messages
     */
    String name();

    /**
     * A serializable reference that deserializes into this stream in any JVM of the context.
     *
     * @return a serializable reference that deserializes into this stream in any JVM of the context
     */
    Serializable handle();
}
