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
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/** The contract of {@link Barrier} across processes. */
public abstract class BarrierContract extends ContextContract {
    /** Waits until {@code n} parties wait at {@code barrier}: polls a count that has no notification. */
    static void awaitWaiting(Barrier barrier, int n) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (barrier.waiting() != n) {
            assertTrue(System.nanoTime() - deadline < 0, "waiting=" + barrier.waiting() + ", expected " + n);
            Thread.sleep(5); // polls a count that has no notification of its own
        }
    }

    @Test
    public void partiesGetDistinctIndicesAndTheActionRunsOncePerRound() throws Exception {
        Queue<String> actions = context().queue();
        Barrier barrier = context().barrier(3, () -> actions.put("action"), null);
        Queue<String> indices = context().queue();
        int rounds = 3;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(start(() -> {
                for (int round = 0; round < rounds; round++) {
                    int index = barrier.await();
                    indices.put(round + ":" + index);
                }
            }));
        }
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 3 * rounds; i++) {
            got.add(indices.get(HANG));
        }
        Set<String> expected = new HashSet<>();
        for (int round = 0; round < rounds; round++) {
            for (int index = 0; index < 3; index++) {
                expected.add(round + ":" + index);
            }
        }
        assertEquals(expected, got);
        joinAllOk(ps);
        assertEquals(rounds, actions.qsize(), "the action ran once per round");
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.waiting());
        assertEquals(3, barrier.parties());
        assertThrows(IllegalArgumentException.class, () -> context().barrier(0));
    }

    @Test
    public void aTimeoutBreaksTheBarrierForEveryWaiterAndResetMendsIt() throws Exception {
        Barrier barrier = context().barrier(3);
        Queue<String> results = context().queue();
        Process waiter = start(() -> {
            try {
                barrier.await();
                results.put("passed");
            } catch (BrokenBarrierException e) {
                results.put("broken");
            }
        });
        awaitWaiting(barrier, 1);
        // This party times out; the timeout breaks the barrier for the waiting process too.
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(100)));
        assertEquals("broken", results.get(HANG));
        joinOk(waiter);
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await, "stays broken");
        barrier.reset();
        assertFalse(barrier.isBroken()); // and usable again: see the abort test
    }

    @Test
    public void abortBreaksTheBarrierForAWaiterInAnotherProcess() throws Exception {
        Barrier barrier = context().barrier(2);
        Queue<String> results = context().queue();
        Process party = start(() -> {
            try {
                barrier.await();
                results.put("passed");
            } catch (BrokenBarrierException e) {
                results.put("broken");
            }
        });
        awaitWaiting(barrier, 1);
        barrier.abort();
        assertEquals("broken", results.get(HANG));
        joinOk(party);
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertFalse(barrier.isBroken());
        Process again = start(() -> results.put("index " + barrier.await()));
        int mine = barrier.await(HANG);
        assertEquals("index " + (1 - mine), results.get(HANG), "usable again after reset");
        joinOk(again);
    }

    @Test
    public void aFailingActionBreaksTheBarrierAndItsExceptionReachesTheLastParty() throws Exception {
        Barrier failing = context().barrier(2, () -> {
            throw new IllegalStateException("action failed on purpose");
        }, null);
        Queue<String> results = context().queue();
        Process other = start(() -> {
            try {
                failing.await();
                results.put("passed");
            } catch (BrokenBarrierException e) {
                results.put("broken");
            } catch (IllegalStateException e) {
                results.put("action: " + e.getMessage());
            }
        });
        String outcome;
        try {
            failing.await(HANG);
            outcome = "passed";
        } catch (BrokenBarrierException e) {
            outcome = "broken";
        } catch (IllegalStateException e) {
            outcome = "action: " + e.getMessage();
        }
        Set<String> both = Set.of(outcome, results.get(HANG));
        assertEquals(Set.of("broken", "action: action failed on purpose"), both);
        joinOk(other);
        assertTrue(failing.isBroken());
    }
}
