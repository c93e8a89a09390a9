package org.multiprocessing4j.internal.shm;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.Platforms;

/**
 * A process named by pid and start time, so that a reused pid is not mistaken for the original.
 * The start time is the {@link Platform}'s ({@code /proc}'s clock ticks since boot on Linux, epoch
 * milliseconds from {@code ProcessHandle} elsewhere); 0 means "unknown".
 */
public final class ProcessIdentity {
    private static final Platform PLATFORM = Platforms.CURRENT;
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = PLATFORM.startTime(PID);

    private ProcessIdentity() {}

    /** This process's pid. */
    public static long pid() {
        return PID;
    }

    /** This process's start time, in the platform's unit. */
    public static long startTicks() {
        return START;
    }

    /**
     * Whether the process {@code pid} that started at {@code startTicks} still runs. A start of 0
     * means "unknown": only the pid is checked.
     */
    public static boolean isAlive(long pid, long startTicks) {
        if (pid == PID) {
            return startTicks == 0 || startTicks == START;
        }
        return PLATFORM.isAlive(pid, startTicks);
    }

    /** The start time of {@code pid}, or 0 if there is no such process. */
    public static long startTicks(long pid) {
        return PLATFORM.startTime(pid);
    }
}
