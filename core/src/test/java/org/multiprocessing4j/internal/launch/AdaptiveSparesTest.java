package org.multiprocessing4j.internal.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * Adaptive spares, the default: real child JVMs, no settings but the idle time of the test that
 * needs a short one.
 */
class AdaptiveSparesTest {
    static final Duration HANG = Duration.ofSeconds(60);

    @BeforeEach
    void adaptive() {
        Multiprocessing.setSpareIdleTime(SpareJvms.ADAPTIVE_IDLE); // on, whatever the machine's default
    }

    @AfterEach
    void noSparesLeft() throws InterruptedException {
        List<Long> spares = SpareJvms.readyPids();
        Multiprocessing.setSpares(0); // discards them: their lifelines close and they halt
        for (long pid : spares) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(HANG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join());
        }
        Multiprocessing.setSpareIdleTime(SpareJvms.DEFAULT_IDLE);
    }

    @Test
    void processesStartedOneAfterAnotherFindASpareFromTheSecondOn() throws Exception {
        long takenBefore = SpareJvms.taken();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                assertTrue(SpareJvms.awaitReady(HANG), "a spare is ready after start " + i);
            }
            List<Long> ready = SpareJvms.readyPids();
            Process p = new Process(() -> System.exit(3));
            p.start();
            if (i > 0) {
                assertTrue(ready.contains(p.pid()), "start " + (i + 1) + " ran on a spare " + ready + ", pid " + p.pid());
            }
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(3), p.exitCode(), "the exit code of a spare is the task's");
            p.close();
        }
        assertEquals(2, SpareJvms.taken() - takenBefore);
    }

    @Test
    void aProgramsSecondPoolStartsOnSparesAndADeadWorkerIsReplacedFromOne() throws Exception {
        try (Pool first = new Pool(2)) {
            assertEquals(1, first.apply(() -> 1));
        }
        assertTrue(SpareJvms.awaitReady(HANG));
        assertEquals(2, SpareJvms.readyPids().size(), "one spare per worker of the last pool");
        Set<Long> ready = new HashSet<>(SpareJvms.readyPids());
        try (Pool second = new Pool(2)) {
            assertEquals(2, second.apply(() -> 2));
            assertEquals(ready, new HashSet<>(second.workerPids()), "the second pool's workers are the spares");
            assertTrue(SpareJvms.awaitReady(HANG));
            Set<Long> replacements = new HashSet<>(SpareJvms.readyPids());
            Queue<Long> started = new Queue<>();
            var stuck = second.applyAsync(() -> {
                started.put(ProcessHandle.current().pid());
                new java.util.concurrent.CountDownLatch(1).await(); // until killed
                return null;
            });
            long victim = started.get(HANG);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            assertThrows(java.util.concurrent.ExecutionException.class, () -> stuck.get(HANG));
            assertEquals(3, second.apply(() -> 3));
            long deadline = System.nanoTime() + HANG.toNanos();
            while (second.workerPids().contains(victim) || second.workerPids().size() < 2) {
                assertTrue(System.nanoTime() < deadline, "the dead worker was not replaced: " + second.workerPids());
                Thread.sleep(20); // polling the pool's state, bounded by the deadline
            }
            Set<Long> workers = new HashSet<>(second.workerPids());
            workers.retainAll(replacements);
            assertEquals(1, workers.size(), "the replacement worker is a spare: " + second.workerPids() + " spares " + replacements);
        }
    }

    @Test
    void sparesLeaveAfterTheIdleTime() throws Exception {
        Multiprocessing.setSpareIdleTime(Duration.ofSeconds(3));
        Process p = new Process(() -> { });
        p.start();
        assertTrue(p.join(HANG));
        p.close();
        assertTrue(SpareJvms.awaitReady(1, HANG));
        List<Long> spares = SpareJvms.readyPids();
        assertEquals(1, spares.size());
        ProcessHandle spare = ProcessHandle.of(spares.getFirst()).orElseThrow();
        // bounded: the idle time is 3 s; a spare still there after HANG is a failure
        spare.onExit().orTimeout(HANG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        assertEquals(List.of(), SpareJvms.readyPids());
        assertFalse(spare.isAlive());
    }

    @Test
    void anIdleTimeOfZeroTurnsSparesOffAndANegativeOneIsRefused() throws Exception {
        Multiprocessing.setSpareIdleTime(Duration.ZERO);
        for (int i = 0; i < 2; i++) {
            Process p = new Process(() -> { });
            p.start();
            assertTrue(p.join(HANG));
            p.close();
        }
        assertEquals(0, SpareJvms.target());
        assertEquals(List.of(), SpareJvms.readyPids());
        var e = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.setSpareIdleTime(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("PT-0.001S") && e.getMessage().contains(">= 0"), e.getMessage());
    }
}
