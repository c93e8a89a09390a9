package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.OsProcesses;

/**
 * The production pool's options with real worker JVMs: task time limits that kill the worker,
 * retries of tasks lost to a worker's death, recycling on memory, cancellation, worker state and
 * exit hooks.
 */
class PoolProductionTest {
    static final Duration HANG = ProcessTest.HANG;
    /** Runs of {@link #ATTEMPTS_IN_THIS_JVM}: per worker JVM (a static of the worker's copy of this class). */
    static final AtomicInteger ATTEMPTS_IN_THIS_JVM = new AtomicInteger();

    /** Sleeps for a minute: a task that only a time limit ends. */
    static int sleepForAMinute() throws InterruptedException {
        Thread.sleep(60_000);
        return -1;
    }

    /** Kills this JVM with SIGKILL, as the OOM killer would. */
    static void killMe() throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        Thread.sleep(60_000); // the signal ends the JVM before this does
    }

    @Test
    void aTaskPastItsDeadlineFailsWithATimeoutNamingItAndItsWorkerIsReplaced() throws Exception {
        try (Pool pool = new Pool(1)) {
            long before = pool.workerPids().getFirst();
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class,
                    () -> pool.apply(PoolProductionTest::sleepForAMinute, Duration.ofMillis(300)));
            assertEquals(0, e.task());
            assertEquals(Duration.ofMillis(300), e.timeout());
            assertEquals(before, e.pid());
            assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
            assertTrue(OsProcesses.awaitExit(before, HANG), "the worker was killed");
            assertEquals(42, pool.apply(() -> 6 * 7), "a new worker serves the next task");
            assertNotEquals(before, pool.workerPids().getFirst());

            AsyncResult<Integer> r = pool.applyAsync(PoolProductionTest::sleepForAMinute, Duration.ofMillis(200));
            ExecutionException ee = assertThrows(ExecutionException.class, () -> r.get(HANG));
            assertInstanceOf(TaskTimeoutException.class, ee.getCause());
            assertEquals(Integer.valueOf(7), pool.apply((Integer x) -> x + 1, 6, Duration.ofSeconds(30)), "a task within its limit");
        }
    }

    @Test
    void aPoolWideTimeoutIsPerTaskAndTheKilledWorkersOtherTasksRunElsewhere() throws Exception {
        try (Pool pool = Pool.builder().processes(2).taskTimeout(Duration.ofMillis(500)).build()) {
            // chunks of 4: task 5 hangs; tasks 4, 6 and 7 share its chunk, and every task takes 100 ms,
            // longer in sum than the limit: the limit is per task, so only task 5 fails
            List<Object> got = new ArrayList<>();
            try (Pool.ResultIterator<Integer> it = pool.imap(x -> {
                if (x == 5) {
                    return sleepForAMinute();
                }
                Thread.sleep(100); // work, not synchronisation
                return x * 10;
            }, IntStream.range(0, 12).boxed().toList(), 4)) {
                while (it.hasNext()) {
                    try {
                        got.add(it.next());
                    } catch (PoolTaskException e) {
                        got.add(e.getCause());
                    }
                }
            }
            assertEquals(12, got.size(), got.toString());
            for (int i = 0; i < 12; i++) {
                if (i == 5) {
                    TaskTimeoutException t = assertInstanceOf(TaskTimeoutException.class, got.get(i));
                    assertEquals(5, t.task());
                } else {
                    assertEquals(i * 10, got.get(i), "task " + i);
                }
            }
            PoolTaskException e = assertThrows(PoolTaskException.class,
                    () -> pool.map(x -> x == 2 ? sleepForAMinute() : x, List.of(0, 1, 2, 3)));
            assertEquals(2, assertInstanceOf(TaskTimeoutException.class, e.getCause()).task());
        }
    }

    @Test
    void aTaskLostToAKilledWorkerRunsAgainWithRetries(@TempDir Path tmp) throws Exception {
        String once = tmp.resolve("killed-once").toString(); // a String: a Path is not serializable
        try (Pool pool = Pool.builder().processes(1).retries(1).build()) {
            long pid = pool.apply(() -> {
                if (!Files.exists(Path.of(once))) {
                    Files.createFile(Path.of(once));
                    killMe();
                }
                return ProcessHandle.current().pid();
            });
            assertTrue(Files.exists(Path.of(once)), "the first run was killed");
            assertEquals(pool.workerPids().getFirst(), pid, "the second run, in the replacement, returned");
        }
    }

    @Test
    void aPoisonTaskRunsRetriesPlusOneTimesThenFailsAndTheOtherTasksOfItsChunkStillDeliver(@TempDir Path tmp)
            throws Exception {
        String dir = tmp.toString();
        try (Pool pool = Pool.builder().processes(2).retries(2).build()) {
            List<Object> got = new ArrayList<>();
            try (Pool.ResultIterator<Integer> it = pool.imap(x -> {
                if (x == 2) {
                    Files.createTempFile(Path.of(dir), "run-", "");
                    killMe();
                }
                return x;
            }, List.of(0, 1, 2, 3), 4)) {
                while (it.hasNext()) {
                    try {
                        got.add(it.next());
                    } catch (WorkerLostException e) {
                        got.add(e);
                    }
                }
            }
            assertEquals(List.of(0, 1), got.subList(0, 2));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, got.get(2));
            assertTrue(lost.getMessage().contains("ran 3 times"), lost.getMessage());
            assertTrue(lost.getMessage().contains("SIGKILL"), lost.getMessage());
            assertEquals(3, got.get(3));
            try (Stream<Path> runs = Files.list(tmp)) {
                assertEquals(3, runs.count(), "the poison task ran retries + 1 times");
            }
            assertEquals(4, pool.apply(() -> 4), "the pool goes on");
        }
    }

    @Test
    void withoutRetriesOnlyTheTaskThatKilledItsWorkerFails() throws Exception {
        try (Pool pool = new Pool(1)) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.map(x -> {
                if (x == 1) {
                    killMe();
                }
                return x;
            }, List.of(0, 1, 2), 3));
            assertTrue(e.getMessage().contains("task 1"), e.getMessage());
            assertEquals(List.of(0, 2), pool.map(x -> x, List.of(0, 2)));
        }
    }

    @Test
    void aTaskExceptionTheRetryPredicateAcceptsRunsAgainInItsWorker() throws Exception {
        try (Pool pool = Pool.builder().processes(1).retries(2, e -> e instanceof IOException).build()) {
            assertEquals(3, pool.apply(() -> {
                int attempt = ATTEMPTS_IN_THIS_JVM.incrementAndGet();
                if (attempt < 3) {
                    throw new IOException("flaky, attempt " + attempt);
                }
                return attempt;
            }));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.apply(() -> {
                ATTEMPTS_IN_THIS_JVM.incrementAndGet();
                throw new IllegalStateException("not retried");
            }));
            assertEquals("not retried", e.getMessage());
            assertEquals(4, pool.apply(() -> ATTEMPTS_IN_THIS_JVM.get()), "the predicate refused it: it ran once");
            IOException last = assertInstanceOf(IOException.class, assertThrows(PoolTaskException.class, () -> pool.apply(() -> {
                throw new IOException("always, attempt " + ATTEMPTS_IN_THIS_JVM.incrementAndGet());
            })).getCause());
            assertEquals("always, attempt 7", last.getMessage(), "it ran 1 + 2 times");
        }
    }

    /** Memory each task keeps in its worker, so that the worker's resident set grows. */
    static final List<byte[]> KEPT = new ArrayList<>();

    @Test
    void aWorkerWhoseMemoryGrewPastTheLimitIsReplacedAfterItsTaskAndNothingIsLost() throws Exception {
        try (Pool pool = Pool.builder().processes(1).maxWorkerMemory(256L << 20).jvmOptions("-Xmx1g").build()) {
            List<Long> pids = pool.map(x -> {
                byte[] b = new byte[48 << 20];
                java.util.Arrays.fill(b, (byte) 1); // touched: resident
                KEPT.add(b);
                return ProcessHandle.current().pid();
            }, IntStream.range(0, 12).boxed().toList(), 1);
            assertEquals(12, pids.size());
            Set<Long> distinct = new HashSet<>(pids);
            assertTrue(distinct.size() >= 2, "the worker was replaced: " + pids);
            long first = pids.getFirst();
            long onFirst = pids.stream().filter(p -> p == first).count();
            assertTrue(onFirst <= 6, "a worker keeps at most 6 x 48 MiB (plus its own ~40 MB) under 256 MiB: " + pids);
        }
    }

    @Test
    void cancelOfARunningTaskKillsItsWorkerAndOfAQueuedOneDropsIt() throws Exception {
        Event started = new Event();
        try (Pool pool = new Pool(1)) {
            long before = pool.workerPids().getFirst();
            AsyncResult<Integer> running = pool.applyAsync(() -> {
                started.set();
                return sleepForAMinute();
            });
            AsyncResult<Integer> queued = pool.applyAsync(() -> 1);
            assertTrue(started.await(HANG), "the task runs");
            assertTrue(queued.cancel(false), "a queued task is dropped");
            assertTrue(running.cancel(true));
            assertTrue(running.isCancelled());
            assertThrows(CancellationException.class, running::get);
            assertThrows(CancellationException.class, queued::get);
            assertFalse(running.cancel(true), "cancelled once");
            assertTrue(OsProcesses.awaitExit(before, HANG), "the running task's worker was killed");
            assertEquals(2, pool.apply(() -> 2), "a new worker serves the next task");
        }
    }

    @Test
    void closingAnImapIteratorCancelsWhatIsLeft() throws Exception {
        try (Pool pool = new Pool(2)) {
            Iterator<Integer> endless = IntStream.iterate(0, i -> i + 1).boxed().iterator();
            List<Integer> got = new ArrayList<>();
            try (Pool.ResultIterator<Integer> it = pool.imap(x -> x < 3 ? x : sleepForAMinute(), () -> endless)) {
                for (int i = 0; i < 3; i++) {
                    got.add(it.next());
                }
                it.close();
                assertFalse(it.hasNext(), "closed");
            }
            assertEquals(List.of(0, 1, 2), got);
            assertEquals(List.of(1, 4), pool.map(x -> x * x, List.of(1, 2)), "the pool goes on");
        }
    }

    @Test
    void eachWorkerHasItsStateAndItsExitHookReportsBack() throws Exception {
        Pool pool = Pool.builder().processes(2).workerState(() -> new int[1], (int[] s) -> s[0]).build();
        List<Integer> seen;
        try {
            seen = pool.map(x -> ++Pool.<int[]>workerState()[0], IntStream.range(0, 100).boxed().toList(), 5);
        } finally {
            pool.close();
        }
        assertEquals(100, seen.size());
        List<Pool.WorkerExit> exits = pool.workerExits();
        assertEquals(2, exits.size(), exits.toString());
        assertEquals(100, exits.stream().mapToInt(e -> (Integer) e.result()).sum(), "each counted its own tasks");
        assertThrows(IllegalStateException.class, Pool::workerState, "not in a worker");
    }

    /** The resident set of process {@code pid} in kB, from /proc. */
    static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    @Test
    void anIdleWorkerGivesBackWhatALargeTaskMadeItHold() throws Exception {
        try (Pool pool = new Pool(1)) {
            long pid = pool.workerPids().getFirst();
            assertEquals(256, pool.apply(() -> {
                byte[][] held = new byte[256][];
                for (int i = 0; i < held.length; i++) {
                    held[i] = new byte[1 << 20];
                    held[i][i] = 1; // touched
                }
                return held.length;
            }));
            long after = residentKb(pid);
            assertTrue(after > 256 * 1024, "the task's arrays were resident: " + after + " kB");
            // idle for 0.5 s, the worker collects and its heap shrinks to its small initial size
            long deadline = System.nanoTime() + HANG.toNanos();
            long now = after;
            while ((now = residentKb(pid)) > 160 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling the kernel's figure: there is no event for it
            }
            assertTrue(now <= 160 * 1024, "idle, the worker gave memory back: " + after + " kB -> " + now + " kB");
        }
    }

    @Test
    void inTheThreadsContextATimedOutTaskFailsAndItsThreadIsInterruptedAndReplaced() throws Exception {
        try (Pool pool = Pool.builder().threads(true).processes(1).build()) {
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class,
                    () -> pool.apply(PoolProductionTest::sleepForAMinute, Duration.ofMillis(200)));
            assertEquals(0, e.task());
            assertEquals(5, pool.apply(() -> 5), "a new thread serves the next task");
        }
        // the thread given up was interrupted: its task returned, and the stop marker ended it
        for (Process p : Multiprocessing.activeChildren()) {
            assertTrue(p.join(HANG), "the given-up worker thread ended: " + p);
        }
    }
}
