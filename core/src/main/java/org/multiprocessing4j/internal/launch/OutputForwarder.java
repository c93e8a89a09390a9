package org.multiprocessing4j.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;
import org.multiprocessing4j.internal.progress.TerminalLine;

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
    /** If not null: the line {@link SpareJvms#READY_MARKER}, when it comes, is swallowed and runs this once. */
    private Runnable onReadyMarker;
    /** If not null: keeps the last bytes written. */
    private Tail tail;

    OutputForwarder(InputStream source, Supplier<PrintStream> destination, Runnable onReadyMarker) {
        this.source = source;
        this.destination = destination;
        this.onReadyMarker = onReadyMarker;
    }

    static Thread start(String name, InputStream source, Supplier<PrintStream> destination, Runnable onReadyMarker) {
        return start(name, source, destination, onReadyMarker, null);
    }

    /** As {@link #start(String, InputStream, Supplier, Runnable)}, also keeping what is forwarded in {@code tail}. */
    static Thread start(String name, InputStream source, Supplier<PrintStream> destination, Runnable onReadyMarker,
            Tail tail) {
        OutputForwarder f = new OutputForwarder(source, destination, onReadyMarker);
        f.tail = tail;
        Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(f);
        t.start();
        return t;
    }

    /**
     * The last {@value #TAIL_BYTES} bytes a forwarder wrote (whole lines where they fit): what a
     * child printed before it died. Thread-safe.
     */
    static final class Tail {
        /** How much is kept. */
        static final int TAIL_BYTES = 8 * 1024;
        private final byte[] ring = new byte[TAIL_BYTES];
        private long written; // guarded by this

        synchronized void add(byte[] buf, int length) {
            int from = Math.max(0, length - TAIL_BYTES);
            for (int i = from; i < length; i++) {
                ring[(int) (written++ % TAIL_BYTES)] = buf[i];
            }
        }

        /** The kept text, decoded as UTF-8 (a character cut at the start is replaced). */
        synchronized String text() {
            int n = (int) Math.min(written, TAIL_BYTES);
            byte[] out = new byte[n];
            int start = (int) ((written - n) % TAIL_BYTES);
            for (int i = 0; i < n; i++) {
                out[i] = ring[(start + i) % TAIL_BYTES];
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
        if (tail != null) {
            tail.add(buf, length);
        }
        PrintStream out = destination.get();
        TerminalLine.relay(() -> { // above a progress bar, if one is drawn
            synchronized (out) {
                out.write(buf, 0, length);
                out.flush();
            }
        });
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
