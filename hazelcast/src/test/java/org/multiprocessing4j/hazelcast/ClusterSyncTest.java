package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * What only the cluster context's BoundedSemaphore, Condition and Barrier do, on three member JVMs
 * started once for the class: their names, the refusal of another context's lock, and what a
 * member that dies does to them. The contracts they share with every context are the {@code
 * Cluster*ContractTest} suites. Waits are bounded by deadlines only to catch hangs. The test that
 * kills a member comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterSyncTest extends ThreeMemberClusterTest {
    private static void joinAllOk(List<Process> ps) throws InterruptedException {
        for (Process p : ps) {
            assertTrue(p.join(LONG), p + " ended");
            assertEquals(0, p.exitCode().orElseThrow(), p + " exit code");
        }
    }

    @Test
    @Order(1)
    void clusterObjectsAreNamedAsSuchAndAConditionRefusesALockOfAnotherContext() {
        BoundedSemaphore sem = cluster.boundedSemaphore(1);
        assertTrue(sem.toString().startsWith("BoundedSemaphore[mp4j-semaphore-"), sem.toString());
        assertThrows(IllegalArgumentException.class, () -> cluster.condition(new Lock()),
                "a cluster condition over a local lock");
        assertThrows(IllegalArgumentException.class, () -> new Condition(cluster.lock()),
                "a local condition over a cluster lock");
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
