package org.multiprocessing4j.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr to this process's, whole lines at a time, so that lines of
 * different children never interleave. A line longer than the buffer is written in pieces.
 *
 * <p>The destination is looked up for every write ({@code System.out} may be replaced while the
 * child runs). Runs on its own daemon platform thread until the child closes the stream.
 */
final class OutputForwarder implements Runnable {
    private static final int BUFFER = 64 * 1024;

    private final InputStream source;
    private final Supplier<PrintStream> destination;
    /** The last {@link #TAIL} bytes forwarded (a ring), for {@link #tail()}; guarded by itself. */
    private final byte[] tail = new byte[TAIL];
    private long tailWritten; // guarded by tail
    /** How much of the output {@link #tail()} keeps. */
    static final int TAIL = 4096;
    /** If not null: the line {@link SpareJvms#READY_MARKER}, when it comes, is swallowed and runs this once. */
    private Runnable onReadyMarker;

    OutputForwarder(InputStream source, Supplier<PrintStream> destination, Runnable onReadyMarker) {
        this.source = source;
        this.destination = destination;
        this.onReadyMarker = onReadyMarker;
    }

    static Thread start(String name, InputStream source, Supplier<PrintStream> destination, Runnable onReadyMarker) {
        return start(name, new OutputForwarder(source, destination, onReadyMarker));
    }

    static Thread start(String name, OutputForwarder forwarder) {
        Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(forwarder);
        t.start();
        return t;
    }

    /** The last (at most {@link #TAIL}) bytes forwarded so far, as text. */
    String tail() {
        synchronized (tail) {
            int n = (int) Math.min(tailWritten, TAIL);
            byte[] out = new byte[n];
            int start = (int) ((tailWritten - n) % TAIL);
            for (int i = 0; i < n; i++) {
                out[i] = tail[(start + i) % TAIL];
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public void run() {
        byte[] buf = new byte[BUFFER];
        int filled = 0;
        try (source) {
            int n;
            while ((n = source.read(buf, filled, buf.length - filled)) >= 0) {
                filled += n;
                int end = lastNewline(buf, filled);
                if (end < 0 && filled == buf.length) {
                    end = filled - 1; // no newline in a full buffer: forward it anyway
                }
                if (onReadyMarker != null && end >= 0) {
                    int removed = removeReadyMarker(buf, end + 1);
                    filled -= removed;
                    end -= removed;
                }
                if (end >= 0) {
                    write(buf, end + 1);
                    System.arraycopy(buf, end + 1, buf, 0, filled - end - 1);
                    filled -= end + 1;
                }
            }
        } catch (IOException e) {
            // the pipe broke: the child is gone; forward what we have
        }
        if (filled > 0) {
            write(buf, filled);
        }
    }

    /**
     * Looks for the ready marker among the complete lines in {@code buf[0, length)} (the JVM may
     * print warnings before it); removes it, shifting the rest of the buffer, and runs the
     * callback once. Returns the number of bytes removed.
     */
    private int removeReadyMarker(byte[] buf, int length) {
        byte[] marker = SpareJvms.READY_MARKER_BYTES;
        int lineStart = 0;
        while (lineStart < length) {
            if (length - lineStart >= marker.length
                    && Arrays.equals(buf, lineStart, lineStart + marker.length, marker, 0, marker.length)) {
                System.arraycopy(buf, lineStart + marker.length, buf, lineStart, buf.length - lineStart - marker.length);
                Runnable ready = onReadyMarker;
                onReadyMarker = null;
                ready.run();
                return marker.length;
            }
            int nl = indexOf(buf, (byte) '\n', lineStart, length);
            lineStart = nl < 0 ? length : nl + 1;
        }
        return 0;
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void write(byte[] buf, int length) {
        synchronized (tail) {
            for (int i = Math.max(0, length - TAIL); i < length; i++) {
                tail[(int) (tailWritten++ % TAIL)] = buf[i];
            }
        }
        PrintStream out = destination.get();
        synchronized (out) {
            out.write(buf, 0, length);
            out.flush();
        }
    }

    private static int lastNewline(byte[] buf, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
