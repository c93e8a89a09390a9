package org.multiprocessing4j.internal.platform;

import java.time.Instant;
import java.util.Optional;

/**
 * Process identity through {@link ProcessHandle}, for every platform but Linux: the start time is
 * {@code ProcessHandle.Info.startInstant()} in epoch milliseconds (the JDK reads it from
 * {@code sysctl(KERN_PROC_PID)} on macOS, {@code GetProcessTimes} on Windows, {@code /proc} on
 * Linux), the same value in every process that asks.
 *
 * <p>Weaker than {@link LinuxFutex}'s {@code /proc} reading: a zombie (exited, not yet reaped by
 * its parent) counts as alive until it is reaped. The library's children are reaped by the JDK's
 * process reaper as soon as they exit, so this delays nothing the engines wait for by more than
 * that.
 */
final class HandleIdentity {
    private HandleIdentity() {}

    static long startTime(long pid) {
        return ProcessHandle.of(pid).map(HandleIdentity::startOf).orElse(0L);
    }

    static boolean isAlive(long pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (startTime == 0) {
            return true;
        }
        long actual = startOf(h.get());
        return actual == 0 || actual == startTime; // 0: not ours to inspect, counts as running
    }

    private static long startOf(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
