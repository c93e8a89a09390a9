package org.multiprocessing4j;

/**
 * Thrown by {@link Connection#recvBytesInto(byte[], int)} when the message does not fit; it carries
 * the message, which was taken from the connection (Python's {@code BufferTooShort}).
 *
 * <pre>{@code
 * try {
 *     n = conn.recvBytesInto(buf, 0);
 * } catch (BufferTooShortException e) {
 *     byte[] whole = e.message();
 * }
 * }</pre>
 */
public final class BufferTooShortException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] message;

    /**
     * Creates the exception.
     *
     * @param message the whole message that did not fit, kept for {@link #message()}
     * @param room the bytes that were available in the buffer
     */
    public BufferTooShortException(byte[] message, int room) {
        super("message of length=" + message.length + " does not fit the buffer's room=" + room);
        this.message = message;
    }

    /**
     * The whole message.
     *
     * @return the whole message
     */
    public byte[] message() {
        return message;
    }
}
