package org.multiprocessing4j.internal.threads;

import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/** The one wait loop of the threads backend's objects: a condition waited on until a state holds. */
final class Waits {
    private Waits() {}

    /**
     * Waits on {@code changed}, whose lock the caller holds, until {@code done} is true or {@code
     * timeoutNanos} passed ({@link Long#MAX_VALUE}: without limit); {@code done} is read under the
     * lock, before each wait and after each wake-up, so no change is missed.
     *
     * @return whether {@code done} became true (false: timeout)
     * @throws InterruptedException if interrupted while waiting
     */
    static boolean until(Condition changed, BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        while (!done.getAsBoolean()) {
            if (timeoutNanos == Long.MAX_VALUE) {
                changed.await();
            } else {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
        }
        return true;
    }
}
