package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Empty;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;

/**
 * Semaphore, BoundedSemaphore, Event, Condition and Barrier in the cluster context, used by
 * processes on three member JVMs (started once for the class) and by this JVM. Waits are bounded
 * by deadlines only to catch hangs; the few "nothing more arrives within 500 ms" checks are the
 * only way to see that something did not happen. The test that kills a member comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterSyncTest extends ThreeMemberClusterTest {
    private static final Duration QUIET = Duration.ofMillis(500);

    private static void joinAllOk(List<Process> ps) throws InterruptedException {
        for (Process p : ps) {
            assertTrue(p.join(LONG), p + " ended");
            assertEquals(0, p.exitCode().orElseThrow(), p + " exit code");
        }
    }

    private static void assertNothingMore(Queue<?> q) throws InterruptedException {
        assertThrows(Empty.class, () -> q.get(QUIET), "nothing more arrives");
    }

    /** Acquires, reports "in", waits for the gate, reports "out", releases. */
    private static void gatedHolder(Semaphore sem, Queue<String> events, Queue<String> gate, String id)
            throws InterruptedException {
        try (var _ = sem.hold()) {
            events.put("in " + id);
            gate.get();
            events.put("out " + id);
        }
    }

    @Test
    @Order(1)
    void semaphoreAdmitsAtMostItsValueAcrossMembersAndThisJvm() throws Exception {
        Semaphore sem = cluster.semaphore(2);
        Queue<String> events = cluster.queue();
        Queue<String> gate = cluster.queue();
        int holders = 5;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < holders - 1; i++) {
            String id = "p" + i;
            ps.add(cluster.process(() -> gatedHolder(sem, events, gate, id)));
        }
        ps.forEach(Process::start);
        CompletableFuture<Void> here = CompletableFuture.runAsync(() -> {
            try {
                gatedHolder(sem, events, gate, "here");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Set<String> inside = new HashSet<>();
        int max = 0;
        int outs = 0;
        while (outs < holders) {
            String[] event = events.get(LONG).split(" ");
            if (event[0].equals("in")) {
                assertTrue(inside.add(event[1]));
            } else {
                assertTrue(inside.remove(event[1]));
                outs++;
            }
            assertTrue(inside.size() <= 2, "at most 2 holders at once: " + inside);
            max = Math.max(max, inside.size());
            if (inside.size() == 2) {
                assertEquals(0, sem.value());
                assertFalse(sem.tryAcquire(), "no permit left for this JVM");
                gate.put("go"); // let one holder out
            } else if (outs + inside.size() == holders && !inside.isEmpty()) {
                gate.put("go"); // the last one
            }
        }
        assertEquals(2, max);
        here.get(LONG.toSeconds(), TimeUnit.SECONDS);
        joinAllOk(ps);
        assertEquals(2, sem.value());
        assertTrue(sem.acquire(Duration.ZERO));
        assertTrue(sem.acquire(Duration.ofMillis(10)));
        assertFalse(sem.acquire(Duration.ofMillis(50)), "times out with no permit");
        sem.release();
        sem.release();
    }

    @Test
    @Order(2)
    void semaphoreHandsOffBetweenMembersAndBoundedReleaseOverItsBoundFails() throws Exception {
        Semaphore handOff = cluster.semaphore(0);
        Process releaser = cluster.process(handOff::release);
        releaser.start();
        assertTrue(handOff.acquire(LONG), "a permit released on a member reaches this JVM");
        joinAllOk(List.of(releaser));

        BoundedSemaphore sem = cluster.boundedSemaphore(1);
        assertEquals(1, sem.bound());
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        Queue<String> results = cluster.queue();
        Process p = cluster.process(() -> {
            sem.acquire();
            sem.release();
            try {
                sem.release();
                results.put("released past the bound");
            } catch (IllegalStateException refused) {
                results.put("refused, bound " + sem.bound());
            }
        });
        p.start();
        assertEquals("refused, bound 1", results.get(LONG));
        joinAllOk(List.of(p));
        assertEquals(1, sem.value());
        assertTrue(sem.toString().startsWith("BoundedSemaphore[mp4j-semaphore-"), sem.toString());
    }

    @Test
    @Order(3)
    void eventReleasesEveryWaiterAndTimesOutWhileClear() throws Exception {
        Event event = cluster.event();
        Queue<String> events = cluster.queue();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            ps.add(cluster.process(() -> {
                events.put("waiting " + id);
                event.await();
                events.put("woke " + id);
            }));
        }
        ps.add(cluster.process(() -> events.put("timed out " + !event.await(Duration.ofMillis(100)))));
        ps.forEach(Process::start);
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            got.add(events.get(LONG));
        }
        assertEquals(Set.of("waiting 0", "waiting 1", "waiting 2", "timed out true"), got);
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        event.set();
        assertTrue(event.isSet());
        got.clear();
        for (int i = 0; i < 3; i++) {
            got.add(events.get(LONG));
        }
        assertEquals(Set.of("woke 0", "woke 1", "woke 2"), got);
        joinAllOk(ps);
        assertTrue(event.await(Duration.ZERO));
        event.clear();
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        Process setter = cluster.process(event::set);
        setter.start();
        assertTrue(event.await(LONG), "set on a member");
        joinAllOk(List.of(setter));
    }

    @Test
    @Order(4)
    void conditionSignalWakesExactlyOneWaiterAndSignalAllTheRest() throws Exception {
        Condition cond = cluster.condition();
        Queue<String> ready = cluster.queue();
        Queue<String> woke = cluster.queue();
        int waiters = 4;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            int id = i;
            ps.add(cluster.process(() -> {
                try (var _ = cond.hold()) {
                    ready.put("ready " + id);   // while holding the lock: await enqueues before releasing it
                    boolean signalled = cond.await(LONG);
                    woke.put(id + " " + signalled + " " + cond.lock().isHeldByCurrentThread());
                }
            }));
        }
        ps.forEach(Process::start);
        for (int i = 0; i < waiters; i++) {
            ready.get(LONG);
        }
        // Every waiter put "ready" holding the lock and released it only in await, after taking
        // its ticket; so once this JVM holds the lock, all of them are waiting.
        try (var _ = cond.hold()) {
            cond.signal();
        }
        String first = woke.get(LONG);
        assertTrue(first.endsWith(" true true"), first);
        assertNothingMore(woke);
        try (var _ = cond.hold()) {
            cond.signal(0);
        }
        assertNothingMore(woke);
        try (var _ = cond.hold()) {
            cond.signalAll();
        }
        Set<String> ids = new HashSet<>(Set.of(first.split(" ")[0]));
        for (int i = 1; i < waiters; i++) {
            String w = woke.get(LONG);
            assertTrue(w.endsWith(" true true"), w);
            ids.add(w.split(" ")[0]);
        }
        assertEquals(Set.of("0", "1", "2", "3"), ids);
        joinAllOk(ps);
        assertNothingMore(woke);
    }

    @Test
    @Order(5)
    void conditionAwaitReleasesEveryRLockHoldAndMisuseIsRefused() throws Exception {
        RLock lock = cluster.rlock();
        Condition cond = cluster.condition(lock);
        assertThrows(IllegalMonitorStateException.class, cond::await);
        assertThrows(IllegalMonitorStateException.class, cond::signal);
        lock.acquire();
        lock.acquire();
        assertFalse(cond.await(Duration.ofMillis(50)), "times out without a signal");
        assertEquals(2, lock.holdCount(), "both holds back after a timeout");
        assertThrows(IllegalArgumentException.class, () -> cond.signal(-1));
        Queue<String> events = cluster.queue();
        Process signaller = cluster.process(() -> {
            try (var _ = cond.hold()) {  // possible only while this JVM's await released both holds
                events.put("got the lock");
                cond.signal();
            }
        });
        signaller.start();
        assertTrue(cond.await(LONG), "signalled from a member");
        assertEquals(2, lock.holdCount());
        assertEquals("got the lock", events.get(LONG));
        lock.release();
        lock.release();
        joinAllOk(List.of(signaller));

        assertThrows(IllegalArgumentException.class, () -> cluster.condition(new Lock()),
                "a cluster condition over a local lock");
        assertThrows(IllegalArgumentException.class, () -> new Condition(cluster.lock()),
                "a local condition over a cluster lock");
    }

    @Test
    @Order(6)
    void barrierOfThreePartiesOnMembersGivesDistinctIndicesAndRunsTheActionOncePerRound() throws Exception {
        Queue<String> actions = cluster.queue();
        Barrier barrier = cluster.barrier(3, () -> actions.put("action"), null);
        Queue<String> indices = cluster.queue();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(cluster.process(() -> {
                for (int round = 0; round < 2; round++) {
                    int index = barrier.await();
                    indices.put(round + ":" + index);
                }
            }));
        }
        ps.forEach(Process::start);
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            got.add(indices.get(LONG));
        }
        assertEquals(Set.of("0:0", "0:1", "0:2", "1:0", "1:1", "1:2"), got);
        joinAllOk(ps);
        assertEquals(2, actions.qsize(), "the action ran once per round");
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.waiting());
        assertEquals(3, barrier.parties());
    }

    @Test
    @Order(7)
    void timeoutAbortResetAndAFailingActionBreakTheBarrier() throws Exception {
        Barrier barrier = cluster.barrier(2);
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(100)), "timed out");
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await, "stays broken");
        barrier.reset();
        assertFalse(barrier.isBroken());

        Queue<String> results = cluster.queue();
        Process party = cluster.process(() -> {
            try {
                barrier.await();
                results.put("passed");
            } catch (BrokenBarrierException e) {
                results.put("broken");
            }
        });
        party.start();
        awaitWaiting(barrier, 1);
        barrier.abort();
        assertEquals("broken", results.get(LONG));
        joinAllOk(List.of(party));
        assertTrue(barrier.isBroken());
        barrier.reset();

        Process again = cluster.process(() -> results.put("index " + barrier.await()));
        again.start();
        int mine = barrier.await(LONG);
        assertEquals("index " + (1 - mine), results.get(LONG), "usable again after reset");
        joinAllOk(List.of(again));

        Barrier failing = cluster.barrier(2, () -> {
            throw new IllegalStateException("action failed on purpose");
        }, null);
        Process other = cluster.process(() -> {
            try {
                failing.await();
                results.put("passed");
            } catch (BrokenBarrierException e) {
                results.put("broken");
            } catch (IllegalStateException e) {
                results.put("action: " + e.getMessage());
            }
        });
        other.start();
        String outcome;
        try {
            failing.await(LONG);
            outcome = "passed";
        } catch (BrokenBarrierException e) {
            outcome = "broken";
        } catch (IllegalStateException e) {
            outcome = "action: " + e.getMessage();
        }
        Set<String> both = Set.of(outcome, results.get(LONG));
        assertEquals(Set.of("broken", "action: action failed on purpose"), both);
        joinAllOk(List.of(other));
        assertTrue(failing.isBroken());
    }

    private static void awaitWaiting(Barrier barrier, int n) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (barrier.waiting() != n) {
            assertTrue(System.nanoTime() < deadline, "waiting=" + barrier.waiting() + ", expected " + n);
            Thread.sleep(5);
        }
    }

    @Test
    @Order(90)
    void aMemberThatDiesBreaksItsBarrierAndItsConditionWaiterTakesNoSignal() throws Exception {
        Barrier barrier = cluster.barrier(3);
        Condition cond = cluster.condition();
        Queue<String> ready = cluster.queue();
        Queue<String> woke = cluster.queue();
        Process doomed = cluster.process(() -> {
            Thread party = new Thread(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    // the member dies first
                }
            });
            party.start();
            try (var _ = cond.hold()) {
                ready.put("doomed");
                cond.await();
                woke.put("doomed");
            }
        });
        doomed.start();
        assertEquals("doomed", ready.get(LONG));
        awaitWaiting(barrier, 1);
        CompletableFuture<String> here = CompletableFuture.supplyAsync(() -> {
            try {
                barrier.await(LONG);
                return "passed";
            } catch (BrokenBarrierException e) {
                return "broken";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        awaitWaiting(barrier, 2);
        members.kill(members.pids().indexOf(doomed.pid()));
        assertEquals("broken", here.get(LONG.toSeconds(), TimeUnit.SECONDS),
                "the party on the dead member broke the barrier");
        assertTrue(doomed.join(LONG));

        // The dead waiter's ticket must not swallow the signal meant for a live waiter.
        long deadline = System.nanoTime() + LONG.toNanos();
        while (ClusterBackend.local().memberUuids().size() != 2) {
            assertTrue(System.nanoTime() < deadline, "the cluster saw the member leave");
            Thread.sleep(10);
        }
        Process live = cluster.process(() -> {
            try (var _ = cond.hold()) {
                ready.put("live");
                cond.await();
                woke.put("live");
            }
        });
        live.start();
        assertEquals("live", ready.get(LONG));
        try (var _ = cond.hold()) {
            cond.signal();
        }
        assertEquals("live", woke.get(LONG));
        joinAllOk(List.of(live));
    }
}
