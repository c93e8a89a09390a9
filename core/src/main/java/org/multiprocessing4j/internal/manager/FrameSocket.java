package org.multiprocessing4j.internal.manager;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * {@link Wire}'s frames on an authenticated connection, for the calls that follow the handshake,
 * used by one thread at a time.
 *
 * <p>Each call is one request and one reply, so both ends mostly wait for a frame that comes a few
 * microseconds later. Blocking in {@code read} for it costs a sleep and a wake-up on each side
 * (a round trip took 13 to 15 us here, steady). So the socket is non-blocking: a reader first
 * tries to read for {@link #SPIN_NANOS} (on a Unix socket only: a TCP peer is further away than
 * that), and only then blocks. It yields between tries instead of spinning: a Unix socket wakes
 * its reader as a "sync" wake-up, which the scheduler tends to place on the writer's core, where
 * a busy spin would keep it waiting (measured on 2 cores: with busy spins,
 * {@code manager_dict_set_get_from_child} did not gain and had runs of 60 to 90 us calls; with
 * yields it went from 38..56 k to 79..82 k ops/s). Tries in vain (an idle or busy peer) make the
 * next reads block at once, for a doubling number of reads up to {@value #MAX_BACKOFF}.
 *
 * <p>Reads are buffered, so a frame usually takes one read, and a frame is written with one write.
 */
final class FrameSocket implements Closeable {
    /** How long a reader keeps trying before it blocks, on a Unix socket. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("mp4j.manager.spinMicros", 30));
    /** The most reads done without trying first, after tries in vain (it doubles up to this). */
    private static final int MAX_BACKOFF = 64;
    private static final int BUFFER = 16 << 10;

    private final SocketChannel ch;
    private final long spinNanos;
    /** Bytes read and not yet taken: [position, limit). */
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER).limit(0);
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    /** Reads to do without spinning, after spins that were in vain; and the next such pause. */
    private int skip;
    private int backoff = 1;

    /** Takes over {@code ch}, which must be connected and authenticated, and makes it non-blocking. */
    FrameSocket(SocketChannel ch) throws IOException {
        this.ch = ch;
        this.spinNanos = ch.getRemoteAddress() instanceof InetSocketAddress ? 0 : SPIN_NANOS;
        ch.configureBlocking(false);
    }

    /** Writes one frame. */
    void write(byte[] payload) throws IOException {
        out.clear();
        if (payload.length <= out.capacity() - 4) {
            out.putInt(payload.length).put(payload).flip();
            writeAll(out);
        } else {
            out.putInt(payload.length).flip();
            writeAll(out);
            writeAll(ByteBuffer.wrap(payload));
        }
    }

    private void writeAll(ByteBuffer b) throws IOException {
        ch.write(b);
        if (b.hasRemaining()) { // the socket's buffer is full: wait for room
            ch.configureBlocking(true);
            try {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            } finally {
                if (ch.isOpen()) {
                    ch.configureBlocking(false);
                }
            }
        }
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException if the peer closed the connection
     * @throws IOException if the length is out of range (garbage) or reading failed
     */
    byte[] read() throws IOException {
        while (in.remaining() < 4) {
            fill();
        }
        int length = in.getInt();
        if (length < 0 || length > Wire.MAX_FRAME) {
            throw new IOException("frame length=" + length + " is outside 0.." + Wire.MAX_FRAME + ": not a manager peer");
        }
        byte[] body = new byte[length];
        int have = Math.min(length, in.remaining());
        in.get(body, 0, have);
        if (have < length) {
            if (length - have < in.capacity()) {
                int at = have;
                while (at < length) {
                    fill();
                    int n = Math.min(length - at, in.remaining());
                    in.get(body, at, n);
                    at += n;
                }
            } else {
                ByteBuffer rest = ByteBuffer.wrap(body, have, length - have);
                while (rest.hasRemaining()) {
                    await(rest);
                }
            }
        }
        return body;
    }

    /** Reads more into the buffer (which holds less than a frame's head or body). */
    private void fill() throws IOException {
        in.compact();
        try {
            await(in);
        } finally {
            in.flip();
        }
    }

    /** Reads at least one byte into {@code b}: tries for a while, then blocks. */
    private void await(ByteBuffer b) throws IOException {
        int n = ch.read(b);
        if (n == 0 && spinNanos > 0) {
            if (skip > 0) {
                skip--;
            } else {
                long until = System.nanoTime() + spinNanos;
                do {
                    // a yield, not a busy spin: a Unix socket's wake-up puts the woken peer on the
                    // waker's core, so the peer may well be waiting for this very core
                    Thread.yield();
                    n = ch.read(b);
                } while (n == 0 && System.nanoTime() - until < 0);
                if (n == 0) { // in vain: the peer is busy or idle; try less often for a while
                    skip = backoff;
                    backoff = Math.min(2 * backoff, MAX_BACKOFF);
                } else {
                    backoff = 1;
                }
            }
        }
        if (n == 0) {
            ch.configureBlocking(true);
            try {
                n = ch.read(b);
            } finally {
                if (ch.isOpen()) {
                    ch.configureBlocking(false);
                }
            }
        }
        if (n < 0) {
            throw new EOFException("connection closed by the peer");
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
