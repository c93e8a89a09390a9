package org.multiprocessing4j.hazelcast;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition on cluster state that offers no blocking wait: checks it with pauses
 * growing from 1 ms to {@value #MAX_PAUSE_MILLIS} ms.
 */
final class Polling {
    static final long MAX_PAUSE_MILLIS = 20;

    private Polling() {}

    /**
     * Waits at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: without limit) for {@code done}.
     *
     * @return whether it became true
     */
    static boolean await(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeoutNanos);
        long pauseNanos = 1_000_000;
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, pauseNanos));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE_MILLIS * 1_000_000);
        }
    }
}
