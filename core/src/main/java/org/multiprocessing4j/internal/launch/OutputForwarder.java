package org.multiprocessing4j.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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

    OutputForwarder(InputStream source, Supplier<PrintStream> destination) {
        this.source = source;
        this.destination = destination;
    }

    static Thread start(String name, InputStream source, Supplier<PrintStream> destination) {
        Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(new OutputForwarder(source, destination));
        t.start();
        return t;
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

    private void write(byte[] buf, int length) {
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
