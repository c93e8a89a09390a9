package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Value;

/** The contract of {@link Condition} across processes. */
public abstract class ConditionContract extends ContextContract {
    @Test
    public void signalWakesExactlyOneWaiterSignalNThatManyAndSignalAllTheRest() throws Exception {
        Condition cond = context().condition();
        Queue<String> ready = context().queue();
        Queue<String> woke = context().queue();
        int waiters = 4;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            int id = i;
            ps.add(start(() -> {
                try (var _ = cond.hold()) {
                    ready.put("ready " + id); // while holding the lock: await enqueues before releasing it
                    boolean signalled = cond.await(HANG);
                    woke.put(id + " " + signalled + " " + cond.lock().isHeldByCurrentThread());
                }
            }));
        }
        for (int i = 0; i < waiters; i++) {
            ready.get(HANG);
        }
        // Every waiter put "ready" holding the lock and released it only in await; so once this
        // thread holds the lock, all of them are waiting.
        try (var _ = cond.hold()) {
            cond.signal();
        }
        Set<String> ids = new HashSet<>();
        String first = woke.get(HANG);
        assertTrue(first.endsWith(" true true"), "signalled, and the lock held again: " + first);
        ids.add(first.split(" ")[0]);
        assertNothingMore(woke);
        try (var _ = cond.hold()) {
            cond.signal(0);
        }
        assertNothingMore(woke);
        try (var _ = cond.hold()) {
            cond.signal(2);
        }
        for (int i = 0; i < 2; i++) {
            String w = woke.get(HANG);
            assertTrue(w.endsWith(" true true"), w);
            ids.add(w.split(" ")[0]);
        }
        assertNothingMore(woke);
        try (var _ = cond.hold()) {
            cond.signalAll();
        }
        for (int i = 3; i < waiters; i++) {
            String w = woke.get(HANG);
            assertTrue(w.endsWith(" true true"), w);
            ids.add(w.split(" ")[0]);
        }
        assertEquals(Set.of("0", "1", "2", "3"), ids);
        joinAllOk(ps);
        assertNothingMore(woke);
    }

    @Test
    public void awaitReleasesEveryRLockHoldAndTakesThemBack() throws Exception {
        RLock lock = context().rlock();
        Condition cond = context().condition(lock);
        lock.acquire();
        lock.acquire();
        assertFalse(cond.await(Duration.ofMillis(50)), "times out without a signal");
        assertEquals(2, lock.holdCount(), "both holds back after a timeout");
        Queue<String> events = context().queue();
        Process signaller = start(() -> {
            try (var _ = cond.hold()) { // possible only while this thread's await released both holds
                events.put("got the lock");
                cond.signal();
            }
        });
        assertTrue(cond.await(HANG), "signalled from another process");
        assertEquals(2, lock.holdCount());
        assertEquals("got the lock", events.get(HANG));
        lock.release();
        lock.release();
        assertFalse(lock.isLocked());
        joinOk(signaller);
    }

    @Test
    public void awaitUntilWaitsForAPredicateThatAnotherProcessMakesTrue() throws Exception {
        Condition cond = context().condition(context().lock());
        IntValue flag = context().make(() -> Value.rawInt(0));
        try (var _ = cond.hold()) {
            assertFalse(cond.await(Duration.ofMillis(30)));
            assertTrue(cond.lock().isHeldByCurrentThread(), "the lock is held again after a timeout");
            assertFalse(cond.awaitUntil(() -> false, Duration.ofMillis(30)));
            assertTrue(cond.awaitUntil(() -> true, Duration.ZERO));
        }
        Process setter;
        try (var _ = cond.hold()) {
            setter = start(() -> {
                try (var _ = cond.hold()) {
                    flag.set(1);
                    cond.signalAll();
                }
            });
            assertTrue(cond.awaitUntil(() -> flag.get() == 1, HANG));
            assertTrue(cond.lock().isHeldByCurrentThread());
        }
        joinOk(setter);
    }

    @Test
    public void misuseIsRefused() throws Exception {
        Condition cond = context().condition(context().lock());
        assertThrows(IllegalMonitorStateException.class, cond::await, "await without the lock");
        assertThrows(IllegalMonitorStateException.class, cond::signal, "signal without the lock");
        assertThrows(IllegalMonitorStateException.class, cond::signalAll, "signalAll without the lock");
        try (var _ = cond.hold()) {
            assertThrows(IllegalArgumentException.class, () -> cond.signal(-1));
        }
        Lock lock = context().lock();
        Condition over = context().condition(lock);
        assertTrue(over.lock() == lock, "the condition waits with the lock it was given");
    }
}
