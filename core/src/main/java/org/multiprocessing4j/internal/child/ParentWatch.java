package org.multiprocessing4j.internal.child;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.multiprocessing4j.internal.launch.ExitCodes;
import org.multiprocessing4j.internal.launch.JvmCommand;

/**
 * Makes a child exit when its parent is gone, in two layers:
 * <ol>
 *   <li>the lifeline: a thread reads the child's stdin until end-of-file, which the kernel
 *       delivers as soon as the parent dies, by any means, kill -9 included;
 *   <li>a check every {@value #POLL_MILLIS} ms that this process's parent pid is still the one that
 *       started it (the kernel re-parents orphans at once), in case the pipe leaked elsewhere.
 * </ol>
 * Either one halts the JVM with {@link ExitCodes#PARENT_GONE}: no shutdown hooks run, and this
 * child's own children notice in turn.
 *
 * <p>A JVM exiting with a thread blocked in a native read normally waits 300 ms for it
 * ({@code VM_Exit::wait_for_threads_in_native_to_block}); children run with
 * {@code -XX:UserThreadWaitAttemptsAtExit=0} (see {@link JvmCommand}) so the lifeline thread costs
 * nothing at exit.
 */
final class ParentWatch {
    static final long POLL_MILLIS = 500;

    private ParentWatch() {}

    static void start(InputStream lifeline, long parentPid) {
        if (!isParent(parentPid)) {
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE);
        }
        Thread.ofPlatform().name("mp4j-lifeline").daemon(true).start(new Lifeline(lifeline));
        Thread.ofPlatform().name("mp4j-parent-watch").daemon(true).start(new ParentPoll(parentPid));
    }

    // Classes, not lambdas: a lambda's class is generated when first used, some milliseconds of a
    // child's start (measured: 5 to 8 ms for these two in a spare JVM), while these come from the
    // AOT cache.

    /** Reads the lifeline until end-of-file, then halts. */
    private static final class Lifeline implements Runnable {
        private final InputStream lifeline;

        Lifeline(InputStream lifeline) {
            this.lifeline = lifeline;
        }

        @Override
        public void run() {
            byte[] buf = new byte[64];
            try {
                while (lifeline.read(buf) >= 0) {
                    // nothing is sent after the bootstrap; read until end-of-file
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE);
        }
    }

    /** Checks the parent pid every {@link #POLL_MILLIS} ms; halts when it changed. */
    private static final class ParentPoll implements Runnable {
        private final long parentPid;

        ParentPoll(long parentPid) {
            this.parentPid = parentPid;
        }

        @Override
        public void run() {
            while (isParent(parentPid)) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE);
        }
    }

    private static boolean isParent(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.isPresent() && parent.get().pid() == parentPid;
    }
}
