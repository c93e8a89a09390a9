package org.multiprocessing4j;

import java.io.PrintStream;

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
     * A bar on stderr, redrawn in place: {@code [#########.........]  45% 90000/200000}.
     *
     * @return a bar on stderr, redrawn in place
     */
    static Progress bar() {
        return bar(System.err);
    }

    /**
     * A bar on {@code out}.
     *
     * @param out the stream the bar is drawn on
     * @return a bar on {@code out}
     */
    static Progress bar(PrintStream out) {
        return (done, total) -> {
            if (total <= 0) {
                out.print("\r" + done + " tasks done");
            } else {
                int width = 30;
                int filled = (int) (width * done / total);
                out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                        + String.format("%3d%% %d/%d", 100 * done / total, done, total));
                if (done >= total) {
                    out.println();
                }
            }
            out.flush();
        };
    }
}
