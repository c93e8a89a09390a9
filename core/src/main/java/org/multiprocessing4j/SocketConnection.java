package org.multiprocessing4j;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * A connection made by a {@link Listener} or {@link Client}, as Python's
 * {@code multiprocessing.connection.Connection} over a socket, with CPython's framing: each
 * message is a 4-byte big-endian length (or -1 and an 8-byte length) followed by the bytes. So
 * {@link #sendBytes}/{@link #recvBytes} interoperate with CPython's {@code send_bytes}/{@code recv_bytes}.
 * ({@link #send}/{@link #recv} use this library's codec, for Java peers; CPython's pickles are not read.)
 *
 * <pre>{@code
 * try (SocketConnection c = Client.connect(new InetSocketAddress("localhost", 6000), key)) {
 *     c.sendBytes("hello".getBytes());
 *     byte[] reply = c.recvBytes();
 * }
 * }</pre>
 *
 * <p>A malformed or oversized length is an {@link IOException} on this connection only.
 * Not safe for concurrent senders or concurrent receivers.
 */
public final class SocketConnection implements AutoCloseable {
    /** The largest message accepted. */
    public static final long MAX_MESSAGE = 1L << 30;

    private final SocketChannel channel;
    private final ByteBuffer pushback = ByteBuffer.allocate(1).limit(0);
    private volatile boolean closed;

    SocketConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Sends an object with this library's codec (for a Java peer).
     *
     * @param obj the object to send; it must be serializable
     * @throws IllegalArgumentException if it cannot be serialized
     * @throws IOException if the socket fails
     */
    public void send(Object obj) throws IOException {
        sendBytes(Serialization.toFrame(obj));
    }

    /**
     * Receives an object sent by {@link #send}.
     *
     * @return the next object the peer sent
     * @throws IOException if the socket fails
     */
    public Object recv() throws IOException {
        return Serialization.fromNetworkFrame(recvBytes());
    }

    /**
     * Sends bytes as one message.
     *
     * @param bytes the message's bytes
     * @throws IOException if the socket fails
     */
    public void sendBytes(byte[] bytes) throws IOException {
        sendBytes(bytes, 0, bytes.length);
    }

    /**
     * Sends {@code length} bytes from {@code offset} as one message.
     *
     * @param bytes the message's bytes
     * @param offset the position of the message's first byte in the array
     * @param length the number of bytes to send
     * @throws IndexOutOfBoundsException if the range is outside the array
     * @throws IOException if the socket fails
     */
    public void sendBytes(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkOpen();
        ByteBuffer head = ByteBuffer.allocate(4).putInt(length).flip();
        ByteBuffer body = ByteBuffer.wrap(bytes, offset, length);
        while (head.hasRemaining() || body.hasRemaining()) {
            channel.write(new ByteBuffer[] {head, body});
        }
    }

    /**
     * Receives one message.
     *
     * @return a new array holding the message's bytes
     * @throws EOFException if the peer closed the connection
     * @throws IOException if the length is malformed or over {@link #MAX_MESSAGE}
     */
    public byte[] recvBytes() throws IOException {
        return recvBytes(MAX_MESSAGE);
    }

    /** This connection's messages for the authentication handshake, each read with the handshake's bound. */
    org.multiprocessing4j.internal.manager.CpythonAuth.Frames authFrames() {
        return new org.multiprocessing4j.internal.manager.CpythonAuth.Frames() {
            @Override
            public void send(byte[] message) throws IOException {
                sendBytes(message);
            }

            @Override
            public byte[] receive(int max) throws IOException {
                return recvBytes(max);
            }
        };
    }

    byte[] recvBytes(long maxLength) throws IOException {
        checkOpen();
        ByteBuffer head = ByteBuffer.allocate(4);
        readFully(head);
        long length = head.flip().getInt();
        if (length == -1) {
            ByteBuffer big = ByteBuffer.allocate(8);
            readFully(big);
            length = big.flip().getLong();
        }
        if (length < 0 || length > maxLength) {
            throw new IOException("message length=" + length + " is outside 0.." + maxLength);
        }
        ByteBuffer body = ByteBuffer.allocate((int) length);
        readFully(body);
        return body.array();
    }

    /**
     * Receives one message into {@code buffer} at {@code offset}.
     *
     * @param buffer the array to receive into
     * @param offset the position of the message's first byte in the array
     * @return its length
     * @throws BufferTooShortException if it does not fit; it carries the message
     * @throws IOException if the socket fails
     */
    public int recvBytesInto(byte[] buffer, int offset) throws IOException {
        byte[] m = recvBytes();
        int room = buffer.length - offset;
        if (m.length > room) {
            throw new BufferTooShortException(m, room);
        }
        System.arraycopy(m, 0, buffer, offset, m.length);
        return m.length;
    }

    /**
     * Waits at most {@code timeout} for data (or end-of-file) to read.
     *
     * @param timeout the longest time to wait
     * @return whether a receive would not block
     * @throws IOException if the socket fails
     */
    public boolean poll(Duration timeout) throws IOException {
        checkOpen();
        if (pushback.hasRemaining()) {
            return true;
        }
        boolean ready;
        channel.configureBlocking(false);
        try {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                ready = selector.select(Math.max(1, timeout.toMillis())) > 0;
                if (ready) {
                    pushback.clear();
                    int n = channel.read(pushback); // -1 at end-of-file: readable too
                    pushback.flip();
                    if (n < 0) {
                        pushback.limit(0);
                    }
                }
            } // closing the selector deregisters the channel
        } finally {
            channel.configureBlocking(true);
        }
        return ready;
    }

    private void readFully(ByteBuffer b) throws IOException {
        if (pushback.hasRemaining() && b.hasRemaining()) {
            b.put(pushback);
        }
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("connection closed by the peer");
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The underlying channel. */
    SocketChannel channel() {
        return channel;
    }
}
