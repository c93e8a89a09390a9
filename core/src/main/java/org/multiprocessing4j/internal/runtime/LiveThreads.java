package org.multiprocessing4j.internal.runtime;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.internal.child.ChildMain;

/**
 * The live platform threads of this JVM (virtual threads are not in thread groups): what the
 * child's exit waits for ({@link ChildMain}) and how a signal exit is recognised
 * ({@link ExitSequence}).
 */
public final class LiveThreads {
    private LiveThreads() {}

    /**
     * A snapshot of the live platform threads, the caller's among them. Threads started while it
     * is taken may be missing; callers that must not miss one take it again.
     */
    public static List<Thread> snapshot() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        return Arrays.asList(all).subList(0, n);
    }
}
