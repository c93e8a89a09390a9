package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.multiprocessing4j.internal.pool.ImapJob;

/**
 * What only the local context's Pool does, with real worker JVMs (one shared 2-worker pool for the
 * ordinary cases): workers with their own pids, a lazy imap, prefetched chunks, killed and exiting
 * workers, maxTasksPerChild, lifecycle, progress. The contract every context shares is {@code
 * LocalPoolContractTest} ({@code org.multiprocessing4j.contract}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolTest {
    static final Duration HANG = ProcessTest.HANG;
    private Pool pool;

    @BeforeAll
    void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    void stopPool() throws Exception {
        pool.close();
        assertTrue(Multiprocessing.activeChildren().isEmpty(), "the pool's workers exited");
    }

    static int add(int a, int b) {
        return a + b;
    }

    static int failOnFive(int x) {
        if (x == 5) {
            throw new IllegalStateException("five is bad");
        }
        return x;
    }

    @Test
    void workersAreOtherProcessesThanThisOne() throws Exception {
        long parent = ProcessHandle.current().pid();
        long workerPid = pool.apply(() -> ProcessHandle.current().pid());
        assertNotEquals(parent, workerPid);
        assertTrue(pool.workerPids().contains(workerPid));
    }

    @Test
    void imapIsLazyOnAnEndlessIterator() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        Iterable<Integer> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return pulled.getAndIncrement();
            }
        };
        Iterator<Integer> results = pool.imap(x -> x * x, endless);
        for (int i = 0; i < 100; i++) {
            assertEquals(i * i, results.next());
        }
        // The feeder may be a read-ahead past what the caller's iterator took from the pool, and the
        // iterator's own batch (results taken but not yet returned, at most a read-ahead) is on top.
        assertTrue(pulled.get() < 100 + 2 * ImapJob.READ_AHEAD_PER_WORKER * pool.processes() + 2,
                "read ahead too far: " + pulled.get());
    }

    @Test
    void prefetchedChunksMovedToIdleWorkersRunExactlyOnce() throws Exception {
        IntValue ran = Value.rawInt(0);
        List<Integer> input = IntStream.range(0, 200).boxed().toList();
        List<Integer> out = pool.map(x -> {
            ran.incrementAndGet();
            if (x % 17 == 0) {
                Thread.sleep(20); // uneven tasks: the other worker goes idle and takes prefetched chunks
            }
            return x * 2;
        }, input, 1);
        assertEquals(input.stream().map(x -> x * 2).toList(), out);
        assertEquals(200, ran.get(), "every task ran exactly once");
    }

    @Test
    void aWorkerKilledMidTaskFailsOnlyItsTasksWithWorkerLostAndIsReplaced() throws Exception {
        try (Pool p = new Pool(2)) {
            List<Long> before = p.workerPids();
            Event started = new Event();
            AsyncResult<Long> doomed = p.applyAsync(() -> {
                started.set();
                new java.util.concurrent.CountDownLatch(1).await();
                return 0L;
            });
            assertTrue(started.await(HANG));
            // the other worker keeps serving meanwhile
            List<Integer> others = p.map(x -> x + 1, List.of(1, 2, 3), 1);
            assertEquals(List.of(2, 3, 4), others);
            long victim = findBusyWorker(p, before);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            ExecutionException e = assertThrows(ExecutionException.class, () -> doomed.get(HANG));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertEquals(victim, lost.pid());
            assertEquals(-9, lost.exitCode());
            assertEquals(List.of(10, 20), p.map(x -> x * 10, List.of(1, 2), 1), "the pool goes on");
            List<Long> after = p.workerPids();
            assertEquals(2, after.size());
            assertFalse(after.contains(victim), "the dead worker was replaced");
        }
    }

    /** The worker that is busy: every free worker answers, the busy one holds its probe. */
    static long findBusyWorker(Pool p, List<Long> pids) throws Exception {
        Set<Long> answered = new HashSet<>();
        for (int i = 0; i < 10 && answered.size() < pids.size() - 1; i++) {
            answered.add(p.apply(() -> ProcessHandle.current().pid()));
        }
        for (long pid : pids) {
            if (!answered.contains(pid)) {
                return pid;
            }
        }
        throw new AssertionError("no busy worker among " + pids + ", answered " + answered);
    }

    @Test
    void aTaskThatExitsTheWorkerFailsWithItsExitCodeAndTheRestOfTheMapCompletes() throws Exception {
        try (Pool p = new Pool(2)) {
            AsyncResult<List<Integer>> r = p.mapAsync(x -> {
                if (x == 3) {
                    System.exit(3);
                }
                return x;
            }, IntStream.range(0, 10).boxed().toList(), 1, null, null);
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(HANG));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertEquals(3, lost.exitCode());
            assertEquals(List.of(0, 1, 2), p.map(x -> x, List.of(0, 1, 2)));
        }
    }

    @Test
    void maxTasksPerChildReplacesWorkersAndInitializerRunsInEach() throws Exception {
        Pool p = Pool.builder().processes(2).maxTasksPerChild(2)
                .initializer(() -> System.setProperty("mp4j.test.initialized", "yes")).build();
        try {
            Set<Long> pids = new HashSet<>();
            List<Integer> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int x = i;
                long pid = p.apply(() -> ProcessHandle.current().pid());
                pids.add(pid);
                results.add(p.apply(() -> "yes".equals(System.getProperty("mp4j.test.initialized")) ? x : -1));
            }
            assertEquals(IntStream.range(0, 10).boxed().toList(), results);
            assertTrue(pids.size() >= 4, "workers were replaced: " + pids);
            AsyncResult<List<Integer>> pending = p.mapAsync(x -> x * 2, IntStream.range(0, 50).boxed().toList(), 1, null, null);
            p.shutdown(); // closed before the tasks finish: they still complete
            assertEquals(IntStream.range(0, 50).map(x -> x * 2).boxed().toList(), pending.get(HANG));
            p.join();
        } finally {
            p.terminate();
        }
    }

    @Test
    void lifecycleErrorsAndAPromptTerminate() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        Pool p = new Pool(2);
        assertThrows(IllegalStateException.class, p::join);
        AsyncResult<List<Integer>> longTasks = p.mapAsync(x -> {
            Thread.sleep(60_000);
            return x;
        }, IntStream.range(0, 5000).boxed().toList(), 1, null, null);
        List<Long> pids = p.workerPids();
        long t0 = System.nanoTime();
        p.terminate();
        p.join();
        assertTrue(System.nanoTime() - t0 < HANG.toNanos());
        for (long pid : pids) {
            assertTrue(org.multiprocessing4j.testing.OsProcesses.awaitExit(pid, HANG), "worker " + pid + " is gone");
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> longTasks.get(HANG));
        assertInstanceOf(RejectedExecutionException.class, e.getCause());
        assertThrows(RejectedExecutionException.class, () -> p.apply(() -> 1));
        Pool q = new Pool(1);
        q.shutdown();
        assertThrows(RejectedExecutionException.class, () -> q.map(x -> x, List.of(1)));
        q.join();
    }

    @Test
    void progressIsReportedPerChunkAndTheBarDrawsOnItsStream() throws Exception {
        List<long[]> updates = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Pool p = Pool.builder().processes(1).threads(true).progress((done, total) -> updates.add(new long[] {done, total}))
                .build()) {
            p.map(x -> x, IntStream.range(0, 10).boxed().toList(), 3);
        }
        assertEquals(4, updates.size());
        assertArrayEquals(new long[] {10, 10}, updates.getLast());
        var bytes = new java.io.ByteArrayOutputStream();
        Progress bar = Progress.bar(new java.io.PrintStream(bytes, true));
        bar.update(5, 10);
        bar.update(10, 10);
        String drawn = bytes.toString();
        assertTrue(drawn.contains("5/10 tasks (50%)") && drawn.contains("10/10 tasks (100%)"), drawn);
    }

    @Test
    void failingInputsCallbacksAndTerminateNeverHangThePool() throws Exception {
        Pool p = new Pool(1);
        try {
            Iterable<Integer> failingInput = () -> new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    if (i == 3) {
                        throw new IllegalStateException("input broke");
                    }
                    return i++;
                }
            };
            Iterator<Integer> it = p.imap(x -> x, failingInput);
            assertEquals(List.of(0, 1, 2), List.of(it.next(), it.next(), it.next()));
            assertThrows(IllegalStateException.class, it::next);
            AsyncResult<Integer> r = p.applyAsync(() -> 1, v -> {
                throw new IllegalStateException("callback broke");
            }, null);
            assertEquals(1, r.get(HANG));
            assertEquals(2, p.apply(() -> 2), "the pool survived the callback");
            Iterator<Integer> endless = p.imap(x -> {
                Thread.sleep(60_000);
                return x;
            }, IntStream.iterate(0, i -> i + 1)::iterator);
            p.terminate(); // with an imap in flight: no exception, and the iterator ends
            assertThrows(RejectedExecutionException.class, endless::next);
        } finally {
            p.terminate();
            p.join();
        }
    }

    @Test
    void threadPoolHasTheSameApi() throws Exception {
        try (Pool tp = new ThreadPool(2)) {
            assertEquals(ProcessHandle.current().pid(), (long) tp.apply(() -> ProcessHandle.current().pid()));
            assertEquals(List.of(2, 4, 6, 8), tp.starmap(PoolTest::add, List.of(Tuple.of(1, 1), Tuple.of(2, 2),
                    Tuple.of(3, 3), Tuple.of(4, 4))));
            assertThrows(IllegalStateException.class, () -> tp.apply(() -> failOnFive(5)));
            assertEquals(List.of(1, 4), tp.map(x -> x * x, List.of(1, 2)));
        }
    }
}
