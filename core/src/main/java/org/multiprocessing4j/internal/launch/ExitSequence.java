package org.multiprocessing4j.internal.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JVM shutdown hook that runs this library's exit actions in a fixed order: the JDK runs
 * separate hooks concurrently, but shared memory must outlive the children that are joined
 * before it is released.
 */
public final class ExitSequence {
    /** Terminate daemonic children and join the others. */
    public static final int JOIN_CHILDREN = 0;
    /** Unlink the shared-memory segments this process created. */
    public static final int RELEASE_SHARED_MEMORY = 10;
    /** Start the AOT cache training if it was scheduled but has not started (see {@link AotCache}). */
    public static final int START_AOT_TRAINING = 20;

    private static final Map<Integer, List<Runnable>> ACTIONS = new TreeMap<>(); // guarded by ACTIONS
    private static boolean hooked;                                                // guarded by ACTIONS

    private ExitSequence() {}

    /** Adds an action to run at exit in {@code phase} (lower phases first). */
    public static void register(int phase, Runnable action) {
        synchronized (ACTIONS) {
            ACTIONS.computeIfAbsent(phase, p -> new ArrayList<>()).add(action);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(
                        Thread.ofPlatform().name("mp4j-exit").unstarted(ExitSequence::runAll));
            }
        }
    }

    private static void runAll() {
        List<Runnable> all = new ArrayList<>();
        synchronized (ACTIONS) {
            ACTIONS.values().forEach(all::addAll);
        }
        for (Runnable r : all) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("multiprocessing4j: exit action failed: " + e);
            }
        }
    }
}
