package org.multiprocessing4j.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tees {@code System.out} or {@code System.err} of the test JVM, which is where children's output
 * is forwarded, and lets a test wait for a line: real synchronisation on what children print,
 * never a sleep.
 *
 * <pre>{@code
 * try (var out = CapturedOutput.stdout()) {
 *     p.start();
 *     String line = out.awaitLine(l -> l.startsWith("pid="), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class CapturedOutput implements AutoCloseable {
    private final boolean stderr;
    private final PrintStream original;
    private final List<String> lines = new ArrayList<>(); // guarded by lines
    private final LineCollector collector = new LineCollector();

    private CapturedOutput(boolean stderr) {
        this.stderr = stderr;
        this.original = stderr ? System.err : System.out;
        PrintStream tee = new PrintStream(collector, true, StandardCharsets.UTF_8);
        if (stderr) {
            System.setErr(tee);
        } else {
            System.setOut(tee);
        }
    }

    /** Starts capturing System.out. */
    public static CapturedOutput stdout() {
        return new CapturedOutput(false);
    }

    /** Starts capturing System.err. */
    public static CapturedOutput stderr() {
        return new CapturedOutput(true);
    }

    /** The complete lines seen so far. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** All text seen so far, lines joined with newlines. */
    public String text() {
        return String.join("\n", lines());
    }

    /**
     * Waits for a line matching {@code test}; the timeout only catches hangs.
     *
     * @throws AssertionError if no such line came in time
     */
    public String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; lines: " + lines);
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for a line starting with {@code prefix} and returns the rest of it. */
    public String awaitValue(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(l -> l.startsWith(prefix), timeout).substring(prefix.length());
    }

    @Override
    public void close() {
        if (stderr) {
            System.setErr(original);
        } else {
            System.setOut(original);
        }
    }

    private final class LineCollector extends OutputStream {
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                String line = partial.toString(StandardCharsets.UTF_8);
                partial.reset();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            } else {
                partial.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
