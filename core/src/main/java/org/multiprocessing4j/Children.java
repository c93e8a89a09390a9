package org.multiprocessing4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.internal.launch.CurrentProcess;
import org.multiprocessing4j.internal.launch.ExitSequence;
import org.multiprocessing4j.internal.launch.SpareJvms;

/**
 * This JVM's bookkeeping of the processes it created: the name counter, the global JVM options
 * for children, the started children, and the exit hook.
 *
 * <p>Exit hook, as CPython's {@code _exit_function}: terminate daemonic children that are alive,
 * discard spare JVMs, then join every remaining child. It is registered when the first child starts.
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

    private static void atExit() {
        SpareJvms.discardAll();
        List<Process> alive = active();
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
}
