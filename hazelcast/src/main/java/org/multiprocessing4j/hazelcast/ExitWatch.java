package org.multiprocessing4j.hazelcast;

import java.util.concurrent.locks.LockSupport;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * Lets a program that opened the cluster context exit when its own threads are done, as it would
 * in the local context. Hazelcast's threads are not daemons, so a client or member left open
 * would keep the JVM alive after {@code main} returns. This daemon thread checks every {@value
 * #PERIOD_MILLIS} ms whether only Hazelcast's threads (named {@code hz.*}) are left besides
 * daemons; then it does what the local context does at exit (joins the non-daemonic processes
 * still running, terminates the daemonic ones) and closes the backend, which ends those threads.
 */
final class ExitWatch {
    static final long PERIOD_MILLIS = 200;

    private ExitWatch() {}

    static void start(ClusterBackend backend) {
        Thread t = new Thread(() -> watch(backend), "mp4j-cluster-exit-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(ClusterBackend backend) {
        while (backend.isOpen()) {
            LockSupport.parkNanos(PERIOD_MILLIS * 1_000_000);
            if (onlyHazelcastThreadsLeft()) {
                finishChildren();
                backend.close();
                return;
            }
        }
    }

    private static boolean onlyHazelcastThreadsLeft() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isDaemon() && !t.getName().startsWith("hz.") && !t.getName().equals("DestroyJavaVM")) {
                return false;
            }
        }
        return true;
    }

    private static void finishChildren() {
        for (Process p : Multiprocessing.activeChildren()) {
            try {
                if (p.daemon()) {
                    p.terminate();
                } else {
                    p.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
