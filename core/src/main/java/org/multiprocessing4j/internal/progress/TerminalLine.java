package org.multiprocessing4j.internal.progress;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The terminal line a {@link ProgressBar} draws on, shared with the output the library relays
 * from its children: relayed lines are written above the bar (the bar is erased, the lines
 * written, the bar drawn again), under one lock, so neither garbles the other. Output the
 * program writes itself, outside the library, is not coordinated.
 *
 * <pre>{@code
 * TerminalLine.relay(() -> { System.out.write(bytes, 0, n); System.out.flush(); });
 * }</pre>
 */
public final class TerminalLine {
    private static final Object LOCK = new Object();
    private static ProgressBar shown; // guarded by LOCK: the bar whose line is on the terminal

    private TerminalLine() {}

    /** Draws {@code bar}'s {@code text}; {@code last}: its final line (it is then no longer shown). */
    static void draw(ProgressBar bar, String text, boolean last) {
        synchronized (LOCK) {
            if (shown != null && shown != bar) {
                shown.erase(); // another bar's line (a second job): this one takes the line
            }
            bar.write(text, last);
            shown = bar.shown() ? bar : null;
        }
    }

    /** Runs {@code write} (relayed output) above the bar that is shown, if any. */
    public static void relay(Runnable write) {
        synchronized (LOCK) {
            ProgressBar bar = shown;
            if (bar == null) {
                write.run();
                return;
            }
            bar.erase();
            write.run();
            bar.redraw();
        }
    }

    /**
     * Whether {@code out} writes to a terminal: {@code System.err} or {@code System.out} whose
     * file descriptor is a terminal device (read from {@code /proc/self/fd}, or, where that is
     * missing, {@link java.io.Console#isTerminal()}). Another stream is taken as not one.
     */
    public static boolean isTerminal(PrintStream out) {
        int fd = out == System.err ? 2 : out == System.out ? 1 : -1;
        if (fd < 0 || System.getenv("CI") != null) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }

    /** The terminal's columns: {@code COLUMNS}, else {@code stty size} on {@code /dev/tty}, else {@code fallback}. */
    static int columns(int fallback) {
        try {
            String env = System.getenv("COLUMNS");
            if (env != null) {
                return Math.max(20, Integer.parseInt(env.trim()));
            }
        } catch (NumberFormatException e) {
            // not a number: ask the terminal
        }
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return fallback;
        }
        try {
            java.lang.Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] rowsColumns = size.split("\\s+");
                return Math.max(20, Integer.parseInt(rowsColumns[1]));
            }
            p.destroyForcibly();
        } catch (IOException | RuntimeException e) {
            // no stty, or no answer: the fallback
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fallback;
    }
}
