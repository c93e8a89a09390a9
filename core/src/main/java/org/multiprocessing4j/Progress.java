package org.multiprocessing4j;

import java.io.PrintStream;
import org.multiprocessing4j.internal.progress.ProgressBar;
import org.multiprocessing4j.internal.progress.TerminalLine;

/**
 * Progress of a pool's {@code map}, {@code starmap} or {@code imap}: told after each chunk, on the
 * pool's result thread (keep it quick). {@link #bar()} draws a text bar on stderr.
 *
 * <pre>{@code
 * Pool p = Pool.builder().processes(4).progress(Progress.bar()).build();
 * Pool q = Pool.builder().progress((done, total) -> log.info(done + "/" + total)).build();
 * }</pre>
 */
@FunctionalInterface
public interface Progress {
    /**
     * Called after each chunk of a job completes.
     *
     * @param done tasks finished so far in this job
     * @param total tasks in the job, or -1 if not known yet (an imap still reading its input)
     */
    void update(long done, long total);

    /**
     * A bar on stderr: done/total, percent, rate, elapsed time and an estimate of the time left,
     * {@code [##########..........]  45% 90000/200000 12.3k/s 0:07<0:09}. On a terminal it
     * redraws one line in place (at most 10 times a second, fitted to the terminal's width:
     * {@code COLUMNS}, else {@code stty size}), and the output the library relays from its
     * workers is written above it, whole. Elsewhere (a CI log, a file; or when {@code CI} is set)
     * it prints a plain line every 10 seconds and at the end of each job:
     * {@code progress: 90000/200000 tasks (45%), 12300 tasks/s, elapsed 7.3 s, about 9.0 s left}.
     * One bar serves a pool's jobs one after another.
     *
     * @return a bar on stderr
     */
    static Progress bar() {
        return bar(System.err);
    }

    /**
     * A bar on {@code out}: redrawn in place if {@code out} is {@code System.err} or
     * {@code System.out} and that is a terminal, else plain lines (see {@link #bar()}).
     *
     * @param out the stream the bar is drawn on
     * @return a bar on {@code out}
     */
    static Progress bar(PrintStream out) {
        ProgressBar bar = new ProgressBar(out, TerminalLine.isTerminal(out), 0);
        return bar::update;
    }
}
