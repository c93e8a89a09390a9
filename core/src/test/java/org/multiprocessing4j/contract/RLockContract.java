package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Value;

/** The contract of {@link RLock}: an owned, reentrant mutual exclusion across processes. */
public abstract class RLockContract extends ContextContract {
    @Test
    public void processesIncrementingUnderTheLockGiveTheExactTotal() throws Exception {
        RLock lock = context().rlock();
        IntValue counter = context().make(() -> Value.rawInt(0));
        int each = 100;
        var ps = startAll(List.of(() -> LockContract.incrementUnder(lock, counter, each),
                () -> LockContract.incrementUnder(lock, counter, each)));
        LockContract.incrementUnder(lock, counter, each);
        joinAllOk(ps);
        assertEquals(3 * each, counter.get());
        assertFalse(lock.isLocked());
    }

    @Test
    public void reentrantHoldsCountAndReleaseOnlyWhenHeld() throws Exception {
        RLock lock = context().rlock();
        assertEquals(0, lock.holdCount());
        try (var _ = lock.hold()) {
            try (var _ = lock.hold()) {
                assertEquals(2, lock.holdCount());
                assertTrue(lock.isHeldByCurrentThread());
                assertTrue(lock.tryAcquire(), "the holder acquires again at once");
                assertEquals(3, lock.holdCount());
                lock.release();
            }
            assertEquals(1, lock.holdCount());
            assertTrue(lock.isLocked());
        }
        assertEquals(0, lock.holdCount());
        assertFalse(lock.isLocked());
        assertThrows(IllegalMonitorStateException.class, lock::release);
    }

    @Test
    public void anotherProcessWaitsUntilEveryHoldIsReleased() throws Exception {
        RLock lock = context().rlock();
        Queue<String> events = context().queue();
        Queue<String> go = context().queue();
        var holder = start(() -> {
            lock.acquire();
            lock.acquire();
            events.put("held twice");
            go.get();
            lock.release();
            events.put("released once");
            go.get();
            lock.release();
        });
        assertEquals("held twice", events.get(HANG));
        assertFalse(lock.acquire(Duration.ZERO));
        assertThrows(IllegalMonitorStateException.class, lock::release, "only the holder may release");
        go.put("go");
        assertEquals("released once", events.get(HANG));
        assertFalse(lock.acquire(Duration.ofMillis(50)), "one hold is left");
        go.put("go");
        assertTrue(lock.acquire(HANG));
        assertEquals(1, lock.holdCount());
        lock.release();
        joinOk(holder);
    }
}
