package org.multiprocessing4j.internal.manager;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;

/**
 * Framing and authentication on a manager connection.
 *
 * <p>Frames: a 4-byte big-endian length, then that many bytes (at most {@link #MAX_FRAME}), as
 * CPython's {@code multiprocessing.connection.Connection} frames them.
 *
 * <p>Authentication, both ways, before anything is deserialized, is {@link CpythonAuth}'s, the
 * library's one handshake, in CPython 3.12's {@code {sha256}} form only (no HMAC-MD5 fallback):
 * the server sends {@code #CHALLENGE#} and a message of {@code {sha256}} and 40 random bytes;
 * the client answers {@code {sha256}} and HMAC-SHA256(authkey, message), the prefix included in
 * what the HMAC covers; the server replies {@code #WELCOME#} or {@code #FAILURE#}. Then the
 * client challenges the server the same way (CPython's {@code Listener.accept} and
 * {@code Client} order). Handshake frames are at most {@link CpythonAuth#MAX_MESSAGE} bytes.
 */
public final class Wire {
    /** The largest frame accepted. */
    public static final int MAX_FRAME = 256 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Wire() {}

    /**
     * Thrown when the other side does not know the key: {@link CpythonAuth}'s verdict as an
     * {@link IOException}, which the connection code closes the socket on; callers report it as
     * {@link org.multiprocessing4j.AuthenticationException}.
     */
    public static final class AuthenticationException extends IOException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception with the handshake's message. */
        public AuthenticationException(String message) {
            super(message);
        }
    }

    /** Frames over a socket channel. */
    static CpythonAuth.Frames io(SocketChannel ch) {
        return new CpythonAuth.Frames() {
            @Override
            public void send(byte[] payload) throws IOException {
                writeFrame(ch, payload);
            }

            @Override
            public byte[] receive(int max) throws IOException {
                return readFrame(ch, max);
            }
        };
    }

    /** Frames over a stream pair (a plain {@link java.net.Socket}'s, whose reads an interrupt does not close). */
    static CpythonAuth.Frames io(java.io.DataInputStream in, java.io.OutputStream out) {
        return new CpythonAuth.Frames() {
            @Override
            public void send(byte[] payload) throws IOException {
                byte[] buf = new byte[4 + payload.length];
                ByteBuffer.wrap(buf).putInt(payload.length).put(payload);
                out.write(buf);
                out.flush();
            }

            @Override
            public byte[] receive(int max) throws IOException {
                int length = in.readInt();
                if (length < 0 || length > max) {
                    throw new IOException("frame length=" + length + " is outside 0.." + max + ": not a manager peer");
                }
                byte[] body = new byte[length];
                in.readFully(body);
                return body;
            }
        };
    }

    /** Writes one frame. */
    public static void writeFrame(SocketChannel ch, byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4).putInt(payload.length).flip();
        ByteBuffer body = ByteBuffer.wrap(payload);
        while (head.hasRemaining() || body.hasRemaining()) {
            ch.write(new ByteBuffer[] {head, body});
        }
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException if the peer closed the connection
     * @throws IOException if the length is out of range (garbage) or reading failed
     */
    public static byte[] readFrame(SocketChannel ch) throws IOException {
        return readFrame(ch, MAX_FRAME);
    }

    /** Reads one frame of at most {@code max} bytes (the handshake allows only small ones). */
    static byte[] readFrame(SocketChannel ch, int max) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        readFully(ch, head);
        int length = head.flip().getInt();
        if (length < 0 || length > max) {
            throw new IOException("frame length=" + length + " is outside 0.." + max + ": not a manager peer");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(ch, body);
        return body.array();
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("connection closed by the peer");
            }
        }
    }

    /**
     * The server's side of the handshake: challenges the client, then answers its challenge.
     *
     * @throws AuthenticationException if either side does not have the key
     */
    public static void serverHandshake(SocketChannel ch, byte[] authkey) throws IOException {
        CpythonAuth.Frames io = io(ch);
        try {
            CpythonAuth.deliverChallenge(io, authkey, false);
            CpythonAuth.answerChallenge(io, authkey, false);
        } catch (org.multiprocessing4j.AuthenticationException e) {
            throw new AuthenticationException(e.getMessage());
        }
    }

    /** The client's side of the handshake; see {@link #clientHandshake(CpythonAuth.Frames, byte[])}. */
    public static void clientHandshake(SocketChannel ch, byte[] authkey) throws IOException {
        clientHandshake(io(ch), authkey);
    }

    /**
     * The client's side of the handshake, over any transport: answers the server's challenge, then
     * challenges it.
     *
     * @throws AuthenticationException if either side does not have the key
     */
    static void clientHandshake(CpythonAuth.Frames io, byte[] authkey) throws IOException {
        try {
            CpythonAuth.answerChallenge(io, authkey, false);
            CpythonAuth.deliverChallenge(io, authkey, false);
        } catch (org.multiprocessing4j.AuthenticationException e) {
            throw new AuthenticationException(e.getMessage());
        }
    }

    /** A fresh random key. */
    public static byte[] newAuthkey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }
}
