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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.Semaphore;

/** The contract of {@link Semaphore} and {@link BoundedSemaphore} across processes. */
public abstract class SemaphoreContract extends ContextContract {
    /** Acquires, reports "in", waits for the gate, reports "out", releases. */
    static void gatedHolder(Semaphore sem, Queue<String> events, Queue<String> gate, String id)
            throws InterruptedException {
        try (var _ = sem.hold()) {
            events.put("in " + id);
            gate.get();
            events.put("out " + id);
        }
    }

    @Test
    public void admitsAtMostItsValueAcrossProcessesAndThisOne() throws Exception {
        Semaphore sem = context().semaphore(2);
        Queue<String> events = context().queue();
        Queue<String> gate = context().queue();
        int holders = 4;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < holders - 1; i++) {
            String id = "p" + i;
            ps.add(start(() -> gatedHolder(sem, events, gate, id)));
        }
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
            String[] event = events.get(HANG).split(" ");
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
                assertFalse(sem.tryAcquire(), "no permit left for this thread");
                gate.put("go"); // let one holder out
            } else if (outs + inside.size() == holders && !inside.isEmpty()) {
                gate.put("go"); // the last one
            }
        }
        assertEquals(2, max);
        here.get(HANG.toSeconds(), TimeUnit.SECONDS);
        joinAllOk(ps);
        assertEquals(2, sem.value());
        assertTrue(sem.acquire(Duration.ZERO));
        assertTrue(sem.acquire(Duration.ofMillis(10)));
        assertFalse(sem.acquire(Duration.ofMillis(50)), "times out with no permit");
        assertFalse(sem.tryAcquire());
        sem.release();
        sem.release();
        assertEquals(2, sem.value());
    }

    @Test
    public void anyProcessMayReleaseAPermitAnotherWaitsFor() throws Exception {
        Semaphore handOff = context().semaphore(0);
        assertFalse(handOff.tryAcquire());
        assertFalse(handOff.acquire(Duration.ofMillis(50)));
        Process releaser = start(handOff::release);
        assertTrue(handOff.acquire(HANG), "a permit released by another process reaches this one");
        joinOk(releaser);
        assertEquals(0, handOff.value());
        assertThrows(IllegalArgumentException.class, () -> context().semaphore(-1));
    }

    @Test
    public void aBoundedSemaphoreRefusesToGrowPastItsBoundInAnyProcess() throws Exception {
        BoundedSemaphore sem = context().boundedSemaphore(2);
        assertEquals(2, sem.bound());
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        sem.acquire();
        Queue<String> results = context().queue();
        Process p = start(() -> {
            sem.release();
            try {
                sem.release();
                results.put("released past the bound");
            } catch (IllegalStateException refused) {
                results.put("refused, bound " + sem.bound());
            }
        });
        assertEquals("refused, bound 2", results.get(HANG));
        joinOk(p);
        assertEquals(2, sem.value());
    }
}
