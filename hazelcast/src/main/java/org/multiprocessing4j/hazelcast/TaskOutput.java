package org.multiprocessing4j.hazelcast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import com.hazelcast.topic.ITopic;

/**
 * In a worker member, sends what a cluster process prints back to the JVM that started it.
 * {@link #install()} replaces {@code System.out} and {@code System.err} once with streams that
 * route by thread: a thread running a process (and the threads it starts) writes into that
 * process's {@link Sink}, which publishes whole lines; other threads write to the member's own
 * output as before.
 */
final class TaskOutput {
    private static final InheritableThreadLocal<Sink> SINK = new InheritableThreadLocal<>();
    private static boolean installed;

    private TaskOutput() {}

    /** Routes {@code System.out} and {@code System.err} by thread; idempotent. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        System.setOut(new PrintStream(new Router(System.out, false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Router(System.err, true), true, StandardCharsets.UTF_8));
        installed = true;
    }

    /** Routes the calling thread's output (and its new threads') to {@code sink} until {@link #end()}. */
    static void begin(Sink sink) {
        SINK.set(sink);
    }

    static void end() {
        System.out.flush();
        System.err.flush();
        Sink sink = SINK.get();
        if (sink != null) {
            sink.finish();
        }
        SINK.remove();
    }

    /** Where one process's lines go: its starter's topic, under the process's key. */
    static final class Sink {
        private final ITopic<OutputLine> topic;
        private final String process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private int lines;

        Sink(ITopic<OutputLine> topic, String process) {
            this.topic = topic;
            this.process = process;
        }

        synchronized void write(boolean stderr, byte[] b, int off, int len) {
            ByteArrayOutputStream buffer = stderr ? err : out;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    publish(stderr, buffer);
                } else {
                    buffer.write(b[i]);
                }
            }
        }

        private void publish(boolean stderr, ByteArrayOutputStream buffer) {
            String text = buffer.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            buffer.reset();
            topic.publish(new OutputLine(process, stderr, text));
            lines++;
        }

        /** Publishes unfinished lines. */
        synchronized void finish() {
            if (out.size() > 0) {
                publish(false, out);
            }
            if (err.size() > 0) {
                publish(true, err);
            }
        }

        /** Lines published so far. */
        synchronized int lines() {
            return lines;
        }
    }

    private static final class Router extends OutputStream {
        private final PrintStream original;
        private final boolean stderr;

        Router(PrintStream original, boolean stderr) {
            this.original = original;
            this.stderr = stderr;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Sink sink = SINK.get();
            if (sink == null) {
                original.write(b, off, len);
            } else {
                sink.write(stderr, b, off, len);
            }
        }

        @Override
        public void flush() {
            if (SINK.get() == null) {
                original.flush();
            }
        }
    }
}
