package org.multiprocessing4j.bench;

import java.time.Duration;
import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.launch.SpareJvms;

/**
 * {@code process_start_join_spare}: as {@link ProcessStartJoin}, but with one spare JVM kept
 * ready ({@code Multiprocessing.setSpares(1)}). Before each timed start the case waits, untimed,
 * until the spare is ready. Its CPython twin is {@code process_start_join} with fork.
 *
 * <pre>{@code
 * ./mp4j bench --java-only process_start_join_spare
 * }</pre>
 */
public final class ProcessStartJoinSpare extends Described {
    /** How long to wait for the spare before a start; a healthy spare is ready in about a second. */
    static final Duration SPARE_TIMEOUT = Duration.ofSeconds(60);

    ProcessStartJoinSpare() {
        super("process_start_join_spare", "ms/process", false, "at least CPython fork (spare ready)", List.of("fork"));
    }

    @Override
    public String pythonCase() {
        return "process_start_join";
    }

    @Override
    public void setUp() {
        Multiprocessing.setSpares(1);
    }

    @Override
    public double runOnce() throws Exception {
        long total = 0;
        for (int i = 0; i < ProcessStartJoin.PROCESSES_PER_RUN; i++) {
            if (!SpareJvms.awaitReady(SPARE_TIMEOUT)) {
                throw new IllegalStateException("the spare JVM was not ready within " + SPARE_TIMEOUT.toSeconds() + " s");
            }
            total += ProcessStartJoin.startJoinNanos();
        }
        return total / 1e6 / ProcessStartJoin.PROCESSES_PER_RUN;
    }

    @Override
    public void tearDown() {
        Multiprocessing.setSpareIdleTime(SpareJvms.DEFAULT_IDLE);
    }
}
