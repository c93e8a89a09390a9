package org.multiprocessing4j.internal.runtime;

import java.time.Duration;

/**
 * Gives a pool worker JVM's grown heap back to the system when the worker goes idle: a pool
 * worker that waited {@link #IDLE} for its next chunk calls {@link #trim()}, which runs a full
 * collection if the heap grew beyond its size at the last trim (at first, its initial size). The
 * serial collector children run with ({@link JvmCommand#DEFAULT_OPTIONS}, which also make it
 * shrink in one step) then shrinks the heap back towards what is live, and the freed pages leave
 * the worker's resident set; without this it would shrink only after a full collection, which an
 * idle JVM never has. It never shrinks below the initial size ({@code -Xms}, by default 1/64 of
 * the machine's memory): with {@code -Xms16m} a Pool(2) worker was back at 44 to 52 MB PSS 2 s
 * after a map of 2,000,000 small tasks instead of 95 MB. A worker's heap that the user's tasks
 * grew beyond {@code -Xms} goes back to it, at any setting.
 *
 * <p>Only in a pool worker's JVM: a {@code ThreadPool}'s workers run in the user's JVM, whose heap
 * is the user's business.
 */
public final class IdleTrim {
    /** How long a worker waits for a chunk before it trims. */
    public static final Duration IDLE = Duration.ofMillis(500);

    /** The heap's committed size at the last trim (or at start). */
    private static long committedAfterTrim = Runtime.getRuntime().totalMemory();

    private IdleTrim() {}

    /**
     * Whether the pool worker calling this trims when idle: it runs as its child JVM's target
     * (not on a thread of a {@code ThreadPool}; call after {@link CurrentProcess#exitWhenTargetReturns()}).
     */
    public static boolean enabled() {
        return CurrentProcess.isChild() && CurrentProcess.exitsWhenTargetReturns();
    }

    /**
     * Runs a full collection if the heap grew since the last trim; called by the worker's thread
     * once per idle period. Cheap when nothing grew.
     */
    public static synchronized void trim() {
        long committed = Runtime.getRuntime().totalMemory();
        if (committed > committedAfterTrim) {
            System.gc();
            committedAfterTrim = Runtime.getRuntime().totalMemory();
        }
    }
}
