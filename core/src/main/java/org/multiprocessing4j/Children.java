package org.multiprocessing4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.ExitSequence;
import org.multiprocessing4j.internal.launch.SpareJvms;

/**
 * This JVM's bookkeeping of the processes it created: the name counter, the global JVM options
 * for children, the started children, and the exit hook.
 *
 * <p>Exit hook, as CPython's {@code _exit_function}: terminate daemonic children that are alive,
 * discard spare JVMs, then join every remaining child. It is registered when the first child starts.
 * When a signal (SIGTERM, SIGHUP, SIGINT) ends this JVM, it terminates every child instead of
 * joining the non-daemonic ones, killing those still alive after 500 ms, so the program ends at
 * once whatever its children were doing.
 */
final class Children {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static volatile List<String> jvmOptions = initialJvmOptions();

    private Children() {}

    private static List<String> initialJvmOptions() {
        var b = CurrentProcess.bootstrap();
        return b == null ? List.of() : List.copyOf(b.jvmOptions());
    }

    static int[] nextIdentity() {
        int[] parent = CurrentProcess.identity();
        int[] id = java.util.Arrays.copyOf(parent, parent.length + 1);
        id[parent.length] = COUNTER.incrementAndGet();
        return id;
    }

    static List<String> jvmOptions() {
        return jvmOptions;
    }

    static void setJvmOptions(List<String> options) {
        jvmOptions = List.copyOf(options);
    }

    static void add(Process p) {
        if (HOOKED.compareAndSet(false, true)) {
            ExitSequence.register(ExitSequence.JOIN_CHILDREN, Children::atExit);
        }
        STARTED.add(p);
    }

    static void remove(Process p) {
        STARTED.remove(p);
    }

    static List<Process> active() {
        List<Process> alive = new ArrayList<>();
        for (Process p : STARTED) {
            try {
                if (p.isAlive()) {
                    alive.add(p);
                }
            } catch (IllegalStateException closed) {
                STARTED.remove(p);
            }
        }
        return alive;
    }

    /** How long a signal-initiated exit waits for terminated children before it kills them. */
    private static final long TERMINATE_GRACE_MILLIS = 500;
    /** How long a signal-initiated exit waits for killed children. */
    private static final long KILL_GRACE_MILLIS = 300;

    private static void atExit() {
        SpareJvms.discardAll();
        List<Process> alive = active();
        if (ExitSequence.signalled() != null) {
            terminateAll(alive);
            return;
        }
        for (Process p : alive) {
            if (p.daemon()) {
                p.terminate();
            }
        }
        for (Process p : alive) {
            try {
                p.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IllegalStateException closed) {
                // closed meanwhile
            }
        }
    }

    /**
     * A signal ends this program: every child is terminated (SIGTERM, so its own exit runs and
     * terminates its children in turn), then killed if it is still alive after
     * {@value #TERMINATE_GRACE_MILLIS} ms.
     */
    private static void terminateAll(List<Process> alive) {
        for (Process p : alive) {
            try {
                p.terminate();
            } catch (IllegalStateException closed) {
                // closed meanwhile
            }
        }
        if (!awaitAll(alive, TERMINATE_GRACE_MILLIS)) {
            for (Process p : alive) {
                try {
                    if (p.isAlive()) {
                        p.kill();
                    }
                } catch (IllegalStateException closed) {
                    // closed meanwhile
                }
            }
            awaitAll(alive, KILL_GRACE_MILLIS);
        }
    }

    /** Joins the processes for at most {@code millis} in all; whether they all exited. */
    private static boolean awaitAll(List<Process> processes, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Process p : processes) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                if (!p.join(java.time.Duration.ofMillis(left))) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (IllegalStateException closed) {
                // closed meanwhile
            }
        }
        return true;
    }
}
