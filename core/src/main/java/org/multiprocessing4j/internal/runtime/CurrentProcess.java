package org.multiprocessing4j.internal.runtime;

import org.multiprocessing4j.internal.child.ChildMain;

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
    /** The thread that runs this child's target (the JVM's main thread), or null in the main program. */
    private static volatile Thread targetThread;
    private static volatile boolean exitWhenTargetReturns;
    /**
     * The process a thread runs for, where one JVM runs several (a cluster member runs each
     * process on a thread of its own); inherited by the threads it starts.
     */
    private static final InheritableThreadLocal<ThreadProcess> THREAD_PROCESS = new InheritableThreadLocal<>();

    /** A process run on a thread: the process object, its identity and its parent's name. */
    public record ThreadProcess(Object process, int[] identity, String parentName) {}

    private CurrentProcess() {}

    public static void init(Bootstrap b) {
        bootstrap = b;
        targetThread = Thread.currentThread();
    }

    /**
     * Makes this child exit as soon as its target returns, without waiting for the non-daemon
     * threads the target started (which a child otherwise waits for, as a Java program does). A
     * pool worker's: it must exit when its pool tells it to, whatever its tasks left running. Does
     * nothing unless called on the thread that runs this child's target (a pool worker run on a
     * thread of a {@code ThreadPool} leaves its process alone).
     */
    public static void exitWhenTargetReturns() {
        if (Thread.currentThread() == targetThread) {
            exitWhenTargetReturns = true;
        }
    }

    /** Whether {@link #exitWhenTargetReturns()} was called. */
    public static boolean exitsWhenTargetReturns() {
        return exitWhenTargetReturns;
    }

    public static void setProcessObject(Object process) {
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
        ThreadProcess p = THREAD_PROCESS.get();
        return p != null ? p.process() : processObject;
    }

    /** The calling thread's process, where a JVM runs processes on threads; else null. */
    public static ThreadProcess threadProcess() {
        return THREAD_PROCESS.get();
    }

    /**
     * Makes {@code process} the calling thread's current process (and its new threads'), or with
     * {@code null} stops doing so; for JVMs that run processes on threads.
     */
    public static void setThreadProcess(ThreadProcess process) {
        if (process == null) {
            THREAD_PROCESS.remove();
        } else {
            THREAD_PROCESS.set(process);
        }
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
