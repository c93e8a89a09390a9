package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * {@code process_start_join}: {@code start()} + {@code join()} of a {@link Process} running a
 * no-op, with a cold child JVM each time (spares off). A run starts and joins {@value #PROCESSES_PER_RUN}
 * processes one after the other and reports the mean, in ms per process.
 *
 * <pre>{@code
 * ./mp4j bench process_start_join
 * }</pre>
 */
public final class ProcessStartJoin extends Described {
    ProcessStartJoin() {
        super("process_start_join", "ms/process", false, "faster than CPython spawn (cold)", List.of("fork", "spawn"));
    }

    @Override
    public void setUp() {
        Multiprocessing.setSpares(0); // cold: no spares
    }

    @Override
    public void tearDown() {
        Multiprocessing.setSpareIdleTime(org.multiprocessing4j.internal.launch.SpareJvms.DEFAULT_IDLE);
    }

    /** Processes started and joined, one after the other, in one run. */
    static final int PROCESSES_PER_RUN = 10;

    @Override
    public double runOnce() throws Exception {
        long total = 0;
        for (int i = 0; i < PROCESSES_PER_RUN; i++) {
            total += startJoinNanos();
        }
        return total / 1e6 / PROCESSES_PER_RUN;
    }

    /**
     * Times {@code start()} + {@code join()} of one no-op process, in nanoseconds.
     *
     * @throws IllegalStateException if the child did not exit with 0
     */
    static long startJoinNanos() throws InterruptedException {
        Process p = new Process(() -> {});
        long t0 = System.nanoTime();
        p.start();
        p.join();
        long elapsed = System.nanoTime() - t0;
        int exit = p.exitCode().orElseThrow();
        p.close();
        if (exit != 0) {
            throw new IllegalStateException(p.name() + " running a no-op exited with " + exit);
        }
        return elapsed;
    }
}
