package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A process named by pid and start time, so that a reused pid is not mistaken for the original.
 *
 * <p>Read from {@code /proc/<pid>/stat}: the start time is field 22 (clock ticks since boot), and
 * a zombie (state {@code Z} or {@code X}) counts as dead, since {@code ProcessHandle.isAlive}
 * would count it alive until its parent reaps it.
 */
public final class ProcessIdentity {
    private static final String UNREADABLE = new String("unreadable");
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = startTicks(PID);

    private ProcessIdentity() {}

    /** This process's pid. */
    public static long pid() {
        return PID;
    }

    /** This process's start time in clock ticks since boot. */
    public static long startTicks() {
        return START;
    }

    /**
     * Whether the process {@code pid} that started at {@code startTicks} still runs. A start of 0
     * means "unknown": only the pid is checked.
     */
    public static boolean isAlive(long pid, long startTicks) {
        if (pid <= 0) {
            return false;
        }
        if (pid == PID) {
            return startTicks == 0 || startTicks == START;
        }
        String stat = readStat(pid);
        if (stat == null) {
            return false;
        }
        if (stat == UNREADABLE) {
            return true; // exists, but not ours to inspect
        }
        int close = stat.lastIndexOf(')');
        char state = stat.charAt(close + 2);
        if (state == 'Z' || state == 'X') {
            return false;
        }
        return startTicks == 0 || startTicks == parseStart(stat, close);
    }

    /** The start time of {@code pid} in clock ticks, or 0 if there is no such process. */
    public static long startTicks(long pid) {
        String stat = readStat(pid);
        return stat == null || stat == UNREADABLE ? 0 : parseStart(stat, stat.lastIndexOf(')'));
    }

    private static long parseStart(String stat, int close) {
        // fields after the command: state(3) ppid(4) ... starttime(22): the 20th field after ')'
        String[] rest = stat.substring(close + 2).split(" ");
        return Long.parseLong(rest[19]);
    }

    private static String readStat(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
