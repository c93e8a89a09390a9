package org.multiprocessing4j.internal.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The text progress bar of {@code Progress.bar()}: done/total, percent, rate, elapsed time and an
 * estimate of the time left. On a terminal it redraws one line in place (at most
 * {@value #REDRAWS_PER_SECOND} times a second, fitted to the terminal's width); elsewhere (a CI
 * log, a file) it prints a plain line every {@value #PLAIN_EVERY_SECONDS} seconds and at the
 * end, so a log is not flooded with carriage returns. While it is drawn, the output the library
 * relays from its children is written above it, never through it ({@link TerminalLine}). One
 * bar may serve a pool's jobs one after another: a job is new when its total differs or its count
 * went down.
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar(System.err, TerminalLine.isTerminal(System.err), 0);
 * bar.update(10, 100);   // [###.........]  10% 10/100 ...
 * }</pre>
 */
public final class ProgressBar {
    static final int REDRAWS_PER_SECOND = 10;
    static final int PLAIN_EVERY_SECONDS = 10;
    /**
     * The time since a job's first report below which no rate is shown: the clock starts at the
     * first report (after the first chunk), so a rate over less is noise.
     */
    static final long MIN_RATE_NANOS = 50_000_000;
    /** Columns assumed when the terminal does not say. */
    static final int DEFAULT_WIDTH = 80;

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private long start;       // guarded by this; 0 until the first update
    private long lastDraw;    // guarded by this
    private boolean finished; // guarded by this
    private long lastDone;    // guarded by this
    private long lastTotal;   // guarded by this
    private String line = ""; // guarded by TerminalLine's lock: what is drawn now

    /**
     * A bar on {@code out}.
     *
     * @param out where it is drawn
     * @param terminal whether {@code out} is a terminal: redraw in place, else plain lines
     * @param width the terminal's columns, or 0 to find out (the {@code COLUMNS} variable, then
     *     {@code stty size}, then {@value #DEFAULT_WIDTH})
     */
    public ProgressBar(PrintStream out, boolean terminal, int width) {
        this.out = out;
        this.terminal = terminal;
        this.width = width > 0 ? width : terminal ? TerminalLine.columns(DEFAULT_WIDTH) : DEFAULT_WIDTH;
    }

    /**
     * A job advanced: draws the bar if it is time to.
     *
     * @param done tasks done
     * @param total tasks in all, or -1 if not known yet
     */
    public synchronized void update(long done, long total) {
        long now = System.nanoTime();
        if (start == 0 || finished && (total != lastTotal || done < lastDone)) {
            start = now - 1; // the first job, or the next one of a pool that reports each job here
            lastDraw = 0;
            finished = false;
        }
        lastDone = done;
        lastTotal = total;
        boolean last = total >= 0 && done >= total;
        if (finished || !last && now - lastDraw < (terminal ? 1_000_000_000L / REDRAWS_PER_SECOND
                : PLAIN_EVERY_SECONDS * 1_000_000_000L)) {
            return;
        }
        lastDraw = now;
        finished = last;
        String text = terminal ? barLine(done, total, now - start) : plainLine(done, total, now - start);
        TerminalLine.draw(this, text, last);
    }

    /** Writes the bar's line (under {@link TerminalLine}'s lock). */
    void write(String text, boolean last) {
        if (terminal) {
            out.print("\r" + text + " ".repeat(Math.max(0, line.length() - text.length())) + (last ? "\n" : ""));
            line = last ? "" : text;
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Erases the line drawn (on a terminal), before relayed output is written; under the lock. */
    void erase() {
        if (terminal && !line.isEmpty()) {
            out.print("\r" + " ".repeat(line.length()) + "\r");
            out.flush();
        }
    }

    /** Draws the line again after relayed output; under the lock. */
    void redraw() {
        if (terminal && !line.isEmpty()) {
            out.print(line);
            out.flush();
        }
    }

    /** Whether it shows a line now (on a terminal). */
    boolean shown() {
        return terminal && !line.isEmpty();
    }

    /** {@code [#####.....]  45% 90000/200000 12.3k/s 0:07<0:09}, fitted to the width. */
    String barLine(long done, long total, long elapsedNanos) {
        double rate = done / (elapsedNanos / 1e9);
        boolean known = elapsedNanos >= MIN_RATE_NANOS && done > 0;
        String stats;
        if (total < 0) {
            stats = String.format(Locale.ROOT, "%d tasks %s/s %s", done, known ? count(rate) : "?", clock(elapsedNanos));
            return fit(stats);
        }
        long left = known ? (long) ((total - done) / rate * 1e9) : -1;
        stats = String.format(Locale.ROOT, " %3d%% %d/%d %s/s %s<%s", total == 0 ? 100 : 100 * done / total, done,
                total, known ? count(rate) : "?", clock(elapsedNanos), left < 0 ? "?" : clock(left));
        int barWidth = Math.min(40, width - 1 - stats.length() - 2);
        if (barWidth < 10) {
            return fit(stats.strip());
        }
        int filled = total == 0 ? barWidth : (int) (barWidth * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(barWidth - filled) + "]" + stats;
    }

    /** {@code progress: 90000/200000 tasks (45%), 12300 tasks/s, elapsed 7.3 s, about 9.0 s left}. */
    static String plainLine(long done, long total, long elapsedNanos) {
        double rate = done / (elapsedNanos / 1e9);
        boolean known = elapsedNanos >= MIN_RATE_NANOS && done > 0;
        String rateText = known ? String.format(Locale.ROOT, "%.0f tasks/s", rate) : "? tasks/s";
        if (total < 0) {
            return String.format(Locale.ROOT, "progress: %d tasks, %s, elapsed %.1f s", done, rateText, elapsedNanos / 1e9);
        }
        String left = done >= total ? "done" : !known ? "time left unknown"
                : String.format(Locale.ROOT, "about %.1f s left", (total - done) / rate);
        return String.format(Locale.ROOT, "progress: %d/%d tasks (%d%%), %s, elapsed %.1f s, %s", done, total,
                total == 0 ? 100 : 100 * done / total, rateText, elapsedNanos / 1e9, left);
    }

    private String fit(String s) {
        return s.length() < width ? s : s.substring(0, Math.max(0, width - 1));
    }

    /** 812, 12.3k, 4.50M. */
    static String count(double x) {
        if (x < 1e3) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        if (x < 1e6) {
            return String.format(Locale.ROOT, "%.1fk", x / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fM", x / 1e6);
    }

    /** 0:07, 12:03, 1:02:03. */
    static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
