package org.multiprocessing4j.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.multiprocessing4j.internal.launch.AotCache;

/**
 * One JVM shutdown hook that runs this library's exit actions in a fixed order: the JDK runs
 * separate hooks concurrently, but shared memory must outlive the children that are joined
 * before it is released.
 *
 * <p>An exit action may run after the class loader that defined this library was closed
 * ({@code mvn exec:java}, Gradle workers and IDE runners close theirs when the application's main
 * returns), and then no class that is not loaded yet can be. So every class an action needs must
 * be loaded when it is registered: a registrant loads what its action's code paths need (see
 * {@link #preload}), and this class loads its own at the first registration. An action that still
 * fails does not keep the others from running.
 */
public final class ExitSequence {
    /** Terminate daemonic children and join the others (terminate all if a signal ends this JVM). */
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
                preload(LiveThreads.class);
                Runtime.getRuntime().addShutdownHook(
                        Thread.ofPlatform().name("mp4j-exit").unstarted(ExitSequence::runAll));
            }
        }
    }

    /**
     * Loads and initialises {@code classes} now, while their loader is open, for an exit action
     * that needs them (class literals alone load a class but do not initialise it).
     */
    public static void preload(Class<?>... classes) {
        for (Class<?> c : classes) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("a loaded class is not found by its own loader: " + c, e);
            }
        }
    }

    /** The signals whose default handling ends the JVM through the shutdown hooks. */
    private static final List<String> EXIT_SIGNALS = List.of("TERM", "HUP", "INT");

    private static volatile String signalled;
    private static volatile boolean exiting;

    /**
     * Whether this JVM's exit actions have begun: a library thread that fails from then on (its
     * class loader may be closed, its children are being ended) may stop quietly.
     */
    public static boolean exiting() {
        return exiting;
    }

    /**
     * The name of the signal that is ending this JVM ({@code "TERM"}, {@code "HUP"} or
     * {@code "INT"}), or null when it exits otherwise (its last non-daemon thread ended, or
     * {@code System.exit}); meaningful in an exit action only.
     */
    public static String signalled() {
        return signalled;
    }

    /**
     * The JDK handles SIGTERM, SIGHUP and SIGINT on a thread named {@code SIG<name> handler},
     * which calls {@code System.exit} and waits in it while the shutdown hooks run: if such a
     * thread is alive, a signal is ending this JVM.
     */
    private static String findSignal() {
        for (Thread t : LiveThreads.snapshot()) {
            for (String sig : EXIT_SIGNALS) {
                if (t.getName().equals("SIG" + sig + " handler") && t.isAlive()) {
                    return sig;
                }
            }
        }
        return null;
    }

    private static void runAll() {
        exiting = true;
        try {
            signalled = findSignal();
        } catch (RuntimeException | LinkageError e) { // the actions run however this went
            System.err.println("multiprocessing4j: could not tell whether a signal ends this JVM: " + e);
        }
        List<Runnable> all = new ArrayList<>();
        synchronized (ACTIONS) {
            ACTIONS.values().forEach(all::addAll);
        }
        for (Runnable r : all) {
            try {
                r.run();
            } catch (RuntimeException | LinkageError e) { // at exit there is no caller to throw to
                System.err.println("multiprocessing4j: exit action failed: " + e);
            }
        }
    }
}
