package org.multiprocessing4j.internal.events;

import jdk.jfr.FlightRecorder;

/**
 * Whether this JVM's flight recorder runs, looked at before any event of this package is made:
 * the first use of a {@code jdk.jfr.Event} class costs a JVM some 70 ms of class loading (measured
 * three times in a fresh JVM), which a pool worker would pay on its first chunk and a parent on
 * its first job, while this look costs 0.08 ms once. A recording started later (with
 * {@code jcmd JFR.start}) is seen from the next chunk or job on.
 *
 * <pre>{@code
 * if (FlightEvents.on()) {
 *     ChunkEvent e = new ChunkEvent();
 *     ...
 * }
 * }</pre>
 */
public final class FlightEvents {
    private FlightEvents() {}

    /**
     * Whether the flight recorder is initialized in this JVM (a recording runs, or ran).
     *
     * @return whether events may be recorded
     */
    public static boolean on() {
        return FlightRecorder.isInitialized();
    }
}
