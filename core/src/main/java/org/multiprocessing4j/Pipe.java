package org.multiprocessing4j;

import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.MessageStream;

/**
 * A pair of connected {@link Connection}s, as Python's {@code Pipe()}: what one end sends, the
 * other receives.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();                        // Python: conn1, conn2 = Pipe()
 * Connection conn1 = pipe.left(), conn2 = pipe.right();
 * Process p = new Process(() -> conn2.send("ping"));
 * p.start();
 * System.out.println(conn1.recv());               // ping
 * }</pre>
 *
 * <p>{@code Pipe.open(false)} makes a one-way pipe in CPython's order: {@link #left()} is the
 * receiving end and {@link #right()} the sending end.
 *
 * <p>Each direction is a {@link org.multiprocessing4j.spi.MessageStream} of the current context's
 * backend: a channel in shared memory locally; in the cluster context a cluster queue, where
 * {@code chunkSize} is ignored ({@link Connection} says how end of file works there).
 *
 * @param left the first end (the receiving end of a one-way pipe)
 * @param right the second end (the sending end of a one-way pipe)
 */
public record Pipe(Connection left, Connection right) {
    /**
     * Opens a duplex pipe: both ends send and receive.
     *
     * @return the pipe's two ends, {@link #left()} and {@link #right()}
     */
    public static Pipe open() {
        return open(true);
    }

    /**
     * Opens a pipe; duplex, or one-way with {@link #left()} receiving and {@link #right()} sending.
     *
     * @param duplex true for two ends that both send and receive; false for a one-way pipe ({@code
     *     left()} receives, {@code right()} sends)
     * @return the pipe's two ends, {@link #left()} and {@link #right()}
     */
    public static Pipe open(boolean duplex) {
        return open(duplex, Channel.DEFAULT_CHUNK_SIZE);
    }

    /**
     * Opens a pipe whose storage grows in chunks of {@code chunkSize} bytes.
     *
     * @param duplex true for two ends that both send and receive; false for a one-way pipe ({@code
     *     left()} receives, {@code right()} sends)
     * @param chunkSize the size in bytes of each storage chunk in {@code /dev/shm}: a power of two
     *     from 4096 to 2<sup>30</sup>
     * @return the pipe's two ends, {@link #left()} and {@link #right()}
     * @throws IllegalArgumentException if chunkSize is not a power of two from 4096 to 2^30
     */
    public static Pipe open(boolean duplex, int chunkSize) {
        Backend engine = Context.Current.engine();
        MessageStream toLeft = engine.messageStream(chunkSize);
        if (!duplex) {
            return new Pipe(new Connection(toLeft, null), new Connection(null, toLeft));
        }
        MessageStream toRight = engine.messageStream(chunkSize);
        return new Pipe(new Connection(toLeft, toRight), new Connection(toRight, toLeft));
    }
}
