package org.multiprocessing4j.internal.runtime;

import java.time.Duration;
import org.multiprocessing4j.internal.platform.Platforms;

/**
 * Gives a pool worker JVM's grown heap back to the system when the worker goes idle: a pool
 * worker that waited {@link #IDLE} for its next chunk calls {@link #trim()}, which runs a full
 * collection if the heap grew beyond its size at the last trim (at first, its initial size). The
 * serial collector children run with ({@link JvmCommand#DEFAULT_OPTIONS}, which also make it
 * shrink in one step) then shrinks the heap back towards what is live, and the freed pages leave
 * the worker's resident set; without this it would shrink only after a full collection, which an
 * idle JVM never has. It never shrinks the old generation below the initial heap size, which is
 * why children start with 64 MB ({@code JvmCommand.HEAP_DEFAULTS}) rather than the JDK's 1/64 of
 * the machine's memory: a worker that held 300 MB in a task is back at about 100 MB PSS 1 s
 * later (it stayed at 427 MB with the JDK's default). A user's own heap options replace those
 * defaults; a worker's heap that tasks grew beyond the initial size goes back to it, at any
 * setting.
 *
 * <p>Only in a pool worker's JVM: a {@code ThreadPool}'s workers run in the user's JVM, whose heap
 * is the user's business.
 */
public final class IdleTrim {
    /** How long a worker waits for a chunk before it trims. */
    public static final Duration IDLE = Duration.ofMillis(500);

    /**
     * How long after {@link #trim()} a worker still idle calls {@link #trimLater()}: longer than
     * the 5 s period at which the JVM frees the arena chunks it caches (its {@code ChunkPool}
     * cleaner; the JIT compilers' arenas leave some 4 to 6 MB there after a burst of
     * compilations), and compilations queued before the worker went idle have ended by then.
     */
    public static final Duration LATER = Duration.ofSeconds(6);

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
     * Runs a full collection if the heap grew since the last trim, then gives the C heap's free
     * pages back ({@link org.multiprocessing4j.internal.platform.Platform#trimNativeHeap}); called
     * by the worker's thread once per idle period. Cheap when nothing grew.
     */
    public static synchronized void trim() {
        long committed = Runtime.getRuntime().totalMemory();
        if (committed > committedAfterTrim) {
            System.gc();
            committedAfterTrim = Runtime.getRuntime().totalMemory();
        }
        Platforms.CURRENT.trimNativeHeap();
    }

    /**
     * Gives the C heap's free pages back once more; called by the worker's thread when it has
     * stayed idle for {@link #LATER} after {@link #trim()}.
     */
    public static void trimLater() {
        Platforms.CURRENT.trimNativeHeap();
    }
}
