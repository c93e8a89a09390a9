package org.multiprocessing4j.hazelcast;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;

/**
 * Repeats an operation that a member's death cut off. Hazelcast's client does not redo such
 * operations itself unless told to for all of them (a redone entry processor could apply twice);
 * for queue operations a redo is what we want, and its cost is that the frame may then be
 * delivered twice (the dead member's backup still holds what it had handed out).
 */
final class Failover {
    /** Attempts before the failure is passed on: about {@value #ATTEMPTS} x {@value #PAUSE_MILLIS} ms. */
    static final int ATTEMPTS = 100;
    static final long PAUSE_MILLIS = 100;

    private Failover() {}

    static <T> T run(Callable<T> operation) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.call();
            } catch (TargetDisconnectedException | TargetNotMemberException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LockSupport.parkNanos(PAUSE_MILLIS * 1_000_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            } catch (InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
