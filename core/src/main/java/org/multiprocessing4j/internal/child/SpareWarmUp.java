package org.multiprocessing4j.internal.child;

import org.multiprocessing4j.internal.launch.SpareJvms;
import org.multiprocessing4j.internal.pool.PoolWorker;

/**
 * What a spare JVM does before it waits for its bootstrap (see {@link SpareJvms}): it loads and
 * links what a first task needs, runs a pool worker's path once, then tells its parent it is ready.
 */
final class SpareWarmUp {
    private SpareWarmUp() {}

    /**
     * Run by a spare before it waits for its bootstrap: loads and links what a first task needs
     * (serialization of a lambda, the process classes), then tells the parent it is ready.
     */
    static void run() {
        preload();
        try {
            // a pool's worker is the commonest child: its first chunk then costs no class
            // loading or method-handle spinning (measured: a 2-worker pool from spares to its
            // first result and closed, 88 ms median without this, 63 ms with it)
            PoolWorker.train();
        } catch (Exception e) {
            // a warm-up only: a real pool task will meet any real problem itself
        }
        System.err.print(SpareJvms.READY_MARKER);
        System.err.flush();
    }

    /** What {@link #warmUp} loads and links; also run by an AOT training (see {@link ChildMain}). */
    static void preload() {
        org.multiprocessing4j.function.SerializableRunnable task = () -> { };
        Object copy = org.multiprocessing4j.internal.serial.Serialization.fromFrame(
                org.multiprocessing4j.internal.serial.Serialization.toFrame(task));
        if (!(copy instanceof org.multiprocessing4j.function.SerializableRunnable)) {
            throw new IllegalStateException("warm-up round trip gave " + copy);
        }
        ProcessHandle.current().parent();
        // System.exit looks this logger up to log the exit: the first look-up finds the logging
        // back end (a service-loader scan), some 5 ms of a fresh JVM's exit
        System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG);
        try {
            Class.forName("org.multiprocessing4j.Multiprocessing");
            Class.forName("org.multiprocessing4j.internal.channel.Channel");
            Class.forName("org.multiprocessing4j.internal.sync.SharedMutex");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        org.multiprocessing4j.internal.shm.Futex.warmUp(); // linking the downcall costs tens of ms
    }
}
