package org.multiprocessing4j.internal.launch;

/**
 * Who this JVM is in the process tree: set once by {@link ChildMain} in a child, left at its
 * defaults ({@code MainProcess}, no parent) in the main program.
 *
 * <p>Written by the child's main thread before the user's code runs; read by any thread after,
 * so plain volatile fields suffice.
 */
public final class CurrentProcess {
    private static volatile Bootstrap bootstrap;
    private static volatile Object processObject;

    private CurrentProcess() {}

    static void init(Bootstrap b) {
        bootstrap = b;
    }

    static void setProcessObject(Object process) {
        processObject = process;
    }

    /** Whether this JVM is a child started by this library. */
    public static boolean isChild() {
        return bootstrap != null;
    }

    /** The bootstrap this child received, or null in the main program. */
    public static Bootstrap bootstrap() {
        return bootstrap;
    }

    /** The deserialized {@code Process} this child runs, or null in the main program. */
    public static Object processObject() {
        return processObject;
    }

    /** This process's identity path: empty in the main program. */
    public static int[] identity() {
        Bootstrap b = bootstrap;
        return b == null ? new int[0] : b.identity().clone();
    }

    /** Whether this process is daemonic (and so may not start children). */
    public static boolean isDaemon() {
        Bootstrap b = bootstrap;
        return b != null && b.daemon();
    }
}
