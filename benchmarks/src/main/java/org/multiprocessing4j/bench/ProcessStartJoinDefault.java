package org.multiprocessing4j.bench;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.launch.SpareJvms;

/**
 * {@code process_start_join_default}: {@value #STARTS} sequential {@code start()} + {@code join()}
 * of a no-op {@link org.multiprocessing4j.Process} with default settings (adaptive spares, see
 * {@link Multiprocessing#setSpareIdleTime}), nothing waited for between them; a run reports the
 * median, in ms per process. The first run is the warm-up, so the measured runs are a program's
 * later starts. Its CPython twin does the same with fork, spawn and forkserver.
 *
 * <pre>{@code
 * ./mp4j bench process_start_join_default
 * }</pre>
 */
public final class ProcessStartJoinDefault extends Described {
    /** Processes started and joined, one after the other, in one run. */
    static final int STARTS = 20;

    ProcessStartJoinDefault() {
        super("process_start_join_default", "ms/process", false, "at most CPython forkserver (a program's later starts)",
                List.of("fork", "spawn", "forkserver"));
    }

    @Override
    public void setUp() {
        Multiprocessing.setSpareIdleTime(SpareJvms.DEFAULT_IDLE); // the default, whatever ran before
    }

    @Override
    public double runOnce() throws Exception {
        long[] nanos = new long[STARTS];
        for (int i = 0; i < STARTS; i++) {
            nanos[i] = ProcessStartJoin.startJoinNanos();
        }
        Arrays.sort(nanos);
        return (nanos[STARTS / 2 - 1] + nanos[STARTS / 2]) / 2e6;
    }
}
