package org.multiprocessing4j.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Makes a child exit when its parent is gone, in two layers:
 * <ol>
 *   <li>the lifeline: a thread reads the child's stdin until end-of-file, which the kernel
 *       delivers as soon as the parent dies, by any means, kill -9 included;
 *   <li>a check every {@value #POLL_MILLIS} ms that the parent pid still names the process (with
 *       the same start instant) that started this child, in case the pipe leaked elsewhere.
 * </ol>
 * Either one halts the JVM at once with {@link ExitCodes#PARENT_GONE}: no shutdown hooks run, and
 * this child's own children see their lifelines close in turn.
 */
final class ParentWatch {
    static final long POLL_MILLIS = 500;

    private ParentWatch() {}

    static void start(InputStream lifeline, long parentPid) {
        Thread.ofPlatform().name("mp4j-lifeline").daemon(true).start(() -> {
            byte[] buf = new byte[256];
            try {
                while (lifeline.read(buf) >= 0) {
                    // nothing else is sent after the bootstrap; keep reading until end-of-file
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE);
        });
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE);
        }
        ProcessHandle handle = parent.get();
        Thread.ofPlatform().name("mp4j-parent-poll").daemon(true).start(() -> {
            while (handle.isAlive()) { // isAlive also compares the start instant, so pid reuse is caught
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE);
        });
    }
}
