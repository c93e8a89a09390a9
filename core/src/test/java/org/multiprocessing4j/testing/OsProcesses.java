package org.multiprocessing4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Observes processes that are not this JVM's children, through {@code /proc}.
 *
 * <p>{@code ProcessHandle.isAlive} counts a zombie as alive, and an orphan's zombie lasts until the
 * machine's init reaps it, which here can take over a second. A process has exited when its
 * {@code /proc} entry is gone or its state is zombie ({@code Z}) or dead ({@code X}).
 */
public final class OsProcesses {
    private OsProcesses() {}

    /** Whether the process has exited (a zombie counts as exited). */
    public static boolean hasExited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            if (!Files.exists(Path.of("/proc/" + pid))) {
                return true; // reaped while its stat was read: the read fails with ESRCH ("No such process")
            }
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /**
     * Waits until the process exited, checking every 10 ms: the kernel offers no notification for a
     * process that is not our child.
     *
     * @return whether it exited within the timeout
     */
    public static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasExited(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
