package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;
import org.multiprocessing4j.testing.ShmCounters;

/** Semaphore, BoundedSemaphore, Event, Condition and Barrier across real child JVMs. */
@ExtendWith(ChildCleanup.class)
class SyncPrimitivesTest {
    static final Duration HANG = ProcessTest.HANG;

    static List<Process> start(int n, java.util.function.IntFunction<SerializableRunnable> task) {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Process p = new Process(task.apply(i));
            p.start();
            ps.add(p);
        }
        return ps;
    }

    static void joinAllOk(List<Process> ps) throws InterruptedException {
        for (Process p : ps) {
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(0), p.exitCode(), p.toString());
        }
    }

    // counters: 0 = holders now, 1 = most holders at once, 2 = passes
    static void useSemaphore(Semaphore sem, ShmCounters c) throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            try (var _ = sem.hold()) {
                c.max(1, c.incrementAndGet(0));
                Thread.onSpinWait();
                c.decrement(0);
                c.incrementAndGet(2);
            }
        }
    }

    @Test
    void semaphoreAdmitsAtMostItsValue() throws Exception {
        Semaphore sem = new Semaphore(2);
        ShmCounters c = ShmCounters.create(3);
        var ps = start(4, i -> () -> useSemaphore(sem, c));
        joinAllOk(ps);
        assertEquals(800, c.get(2));
        assertTrue(c.get(1) >= 1 && c.get(1) <= 2, "most holders at once=" + c.get(1));
        assertEquals(2, sem.value());
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    @Test
    void semaphoreHandOffAndTimeouts() throws Exception {
        Semaphore sem = new Semaphore(0);
        assertFalse(sem.tryAcquire());
        assertFalse(sem.acquire(Duration.ofMillis(50)));
        Process releaser = new Process(sem::release); // any process may release
        releaser.start();
        assertTrue(sem.acquire(HANG));
        assertTrue(releaser.join(HANG));
        assertEquals(0, sem.value());
    }

    @Test
    void boundedSemaphoreRefusesToGrowPastItsInitialValue() throws Exception {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        assertEquals(2, sem.bound());
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        sem.acquire();
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                sem.release();
                try {
                    sem.release();
                    System.out.println("second-release=allowed");
                } catch (IllegalStateException ex) {
                    System.out.println("second-release=refused " + (sem instanceof BoundedSemaphore));
                }
            });
            p.start();
            assertTrue(p.join(HANG));
            assertEquals("refused true", out.awaitValue("second-release=", HANG));
        }
        assertEquals(2, sem.value());
    }

    @Test
    void eventReleasesEveryWaiter() throws Exception {
        Event event = new Event();
        ShmCounters c = ShmCounters.create(2);
        try (var out = CapturedOutput.stdout()) {
            var ps = start(3, i -> () -> {
                c.incrementAndGet(0);
                System.out.println("waiting " + i);
                event.await();
                System.out.println("received " + i);
            });
            for (int i = 0; i < 3; i++) {
                int n = i;
                out.awaitLine(("waiting " + n)::equals, HANG);
            }
            assertFalse(event.isSet());
            assertFalse(event.await(Duration.ofMillis(20)));
            event.set();
            assertTrue(event.isSet());
            joinAllOk(ps);
            for (int i = 0; i < 3; i++) {
                assertTrue(out.lines().contains("received " + i));
            }
            assertTrue(event.await(Duration.ZERO));
            event.clear();
            assertFalse(event.isSet());
        }
    }

    @Test
    void conditionSignalAllWakesEveryWaiterAndSignalNWakesExactlyN() throws Exception {
        Condition cond = new Condition();
        ShmCounters c = ShmCounters.create(1);
        try (var out = CapturedOutput.stdout()) {
            var ps = start(3, i -> () -> {
                try (var _ = cond.hold()) {
                    System.out.println("waiting " + i);
                    cond.await();
                    c.incrementAndGet(0);
                    System.out.println("woken " + i);
                }
            });
            for (int i = 0; i < 3; i++) {
                int n = i;
                out.awaitLine(("waiting " + n)::equals, HANG);
            }
            // Each child printed while holding the lock, before await released it; once the
            // count shows all three inside await, signal two of them.
            awaitWaiting(cond, 3);
            try (var _ = cond.hold()) {
                cond.signal(2);
            }
            out.awaitLine(l -> out.lines().stream().filter(x -> x.startsWith("woken")).count() == 2, HANG);
            awaitWaiting(cond, 1);
            assertEquals(2, c.get(0), "exactly two woke");
            try (var _ = cond.hold()) {
                cond.signalAll();
            }
            joinAllOk(ps);
            assertEquals(3, c.get(0));
        }
    }

    static void awaitWaiting(Condition cond, int n) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (cond.waitingCount() != n) {
            assertTrue(System.nanoTime() < deadline, "waiters=" + cond.waitingCount() + ", expected " + n);
            Thread.sleep(1); // polls a count that has no notification of its own
        }
    }

    @Test
    void aProcessKilledWhileAwaitingLeavesNoGhostWaiter() throws Exception {
        Condition cond = new Condition();
        try (var out = CapturedOutput.stdout()) {
            Process doomed = new Process(() -> {
                try (var _ = cond.hold()) {
                    System.out.println("doomed waiting");
                    cond.await();
                }
            });
            doomed.start();
            out.awaitLine("doomed waiting"::equals, HANG);
            awaitWaiting(cond, 1);
            doomed.kill();
            assertTrue(doomed.join(HANG));
            try (var _ = cond.hold()) {
                cond.signal(1); // only the dead one's ghost waits: nothing may be granted
                assertFalse(cond.await(Duration.ofMillis(300)), "no stale wake-up may be left for a new waiter");
            }
            ShmCounters woken = ShmCounters.create(1);
            Process live = new Process(() -> {
                try (var _ = cond.hold()) {
                    System.out.println("live waiting");
                    cond.await();
                    woken.incrementAndGet(0);
                }
            });
            live.start();
            out.awaitLine("live waiting"::equals, HANG);
            try (var _ = cond.hold()) {
                cond.signal(1); // must go to the live waiter, not to the dead one's ghost
            }
            assertTrue(live.join(HANG));
            assertEquals(1, woken.get(0));
            assertEquals(0, cond.waitingCount());
        }
    }

    @Test
    void conditionMisuseTimeoutsAndPredicates() throws Exception {
        Condition cond = new Condition(new Lock());
        assertThrows(IllegalMonitorStateException.class, cond::await);
        assertThrows(IllegalMonitorStateException.class, cond::signal);
        try (var _ = cond.hold()) {
            assertFalse(cond.await(Duration.ofMillis(30)));
            assertTrue(cond.lock().isHeldByCurrentThread(), "the lock is held again after a timeout");
            assertFalse(cond.awaitUntil(() -> false, Duration.ofMillis(30)));
            assertTrue(cond.awaitUntil(() -> true, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> cond.signal(-1));
        }
        ShmCounters flag = ShmCounters.create(1);
        Process setter = new Process(() -> {
            try (var _ = cond.hold()) {
                flag.set(0, 1);
                cond.signalAll();
            }
        });
        try (var _ = cond.hold()) {
            setter.start();
            assertTrue(cond.awaitUntil(() -> flag.get(0) == 1, HANG));
        }
        assertTrue(setter.join(HANG));
        // A condition over an RLock held twice waits and comes back held twice.
        RLock rlock = new RLock();
        Condition rcond = new Condition(rlock);
        rlock.acquire();
        rlock.acquire();
        assertFalse(rcond.await(Duration.ofMillis(20)));
        assertEquals(2, rlock.holdCount());
        rlock.release();
        rlock.release();
    }

    @Test
    void barrierReleasesAllPartiesWithDistinctIndicesAndRunsTheActionOncePerRound() throws Exception {
        ShmCounters actions = ShmCounters.create(1);
        Barrier barrier = new Barrier(3, () -> actions.incrementAndGet(0), null);
        try (var out = CapturedOutput.stdout()) {
            var ps = start(3, i -> () -> {
                for (int round = 0; round < 50; round++) {
                    int index = barrier.await();
                    System.out.println("round " + round + " index " + index);
                }
            });
            joinAllOk(ps);
            for (int round = 0; round < 50; round++) {
                String prefix = "round " + round + " index ";
                Set<String> indices = new HashSet<>();
                out.lines().stream().filter(l -> l.startsWith(prefix)).forEach(l -> indices.add(l.substring(prefix.length())));
                assertEquals(Set.of("0", "1", "2"), indices, "round " + round);
            }
            assertEquals(50, actions.get(0));
            assertEquals(3, barrier.parties());
            assertEquals(0, barrier.waiting());
            assertFalse(barrier.isBroken());
        }
    }

    @Test
    void timeoutAbortAndResetBreakTheBarrierForEveryone() throws Exception {
        Barrier barrier = new Barrier(3);
        try (var out = CapturedOutput.stdout()) {
            Process waiter = new Process(() -> {
                try {
                    barrier.await();
                    System.out.println("outcome=passed");
                } catch (BrokenBarrierException e) {
                    System.out.println("outcome=broken");
                }
            });
            waiter.start();
            // This party times out; the timeout breaks the barrier for the waiting child too.
            assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(300)));
            assertTrue(waiter.join(HANG));
            assertEquals("broken", out.awaitValue("outcome=", HANG));
            assertTrue(barrier.isBroken());
            assertThrows(BrokenBarrierException.class, barrier::await);
            barrier.reset();
            assertFalse(barrier.isBroken());
            barrier.abort();
            assertTrue(barrier.isBroken());
            barrier.reset();
            Barrier two = new Barrier(2);
            Process partner = new Process(() -> System.out.println("partner-index=" + two.await()));
            partner.start();
            int mine = two.await(HANG);
            assertTrue(partner.join(HANG));
            assertEquals(1, mine + Integer.parseInt(out.awaitValue("partner-index=", HANG)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
    }

    @Test
    void aPartyThatDiesBreaksTheBarrierInsteadOfHangingTheOthers() throws Exception {
        Barrier barrier = new Barrier(3);
        try (var out = CapturedOutput.stdout()) {
            Process doomed = new Process(() -> {
                System.out.println("doomed waiting");
                barrier.await();
            });
            Process survivor = new Process(() -> {
                System.out.println("survivor waiting");
                try {
                    barrier.await();
                    System.out.println("survivor=passed");
                } catch (BrokenBarrierException e) {
                    System.out.println("survivor=broken " + e.getMessage());
                }
            });
            doomed.start();
            survivor.start();
            out.awaitLine("doomed waiting"::equals, HANG);
            out.awaitLine("survivor waiting"::equals, HANG);
            awaitBarrierWaiting(barrier, 2);
            long pid = doomed.pid();
            doomed.kill();
            assertTrue(survivor.join(HANG));
            assertEquals("broken barrier broken: party process pid=" + pid + " died", out.awaitValue("survivor=", HANG));
            assertTrue(barrier.isBroken());
            assertTrue(doomed.join(HANG));
        }
    }

    static void awaitBarrierWaiting(Barrier barrier, int n) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (barrier.waiting() != n) {
            assertTrue(System.nanoTime() < deadline, "waiting=" + barrier.waiting());
            Thread.sleep(1); // polls a count that has no notification of its own
        }
    }
}
