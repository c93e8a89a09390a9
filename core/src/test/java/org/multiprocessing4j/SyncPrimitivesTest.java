package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;
import org.multiprocessing4j.testing.ShmCounters;

/**
 * What only the local context's Semaphore, Condition and Barrier do, across real child JVMs: a
 * semaphore under contention from four children, and what a child that is killed leaves behind
 * (no ghost condition waiter, a broken barrier naming its pid). The contracts every context shares
 * are the {@code org.multiprocessing4j.contract} suites ({@code LocalSemaphoreContractTest}, ...).
 */
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
