package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How a pool reports bad options, tasks that fail, and workers that die, with real worker JVMs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolFailuresTest {
    static final Duration HANG = ProcessTest.HANG;
    private Pool pool;

    @BeforeAll
    void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    void stopPool() {
        pool.close();
        assertTrue(Multiprocessing.activeChildren().isEmpty(), "the pool's workers exited");
    }

    @Test
    void theExecutorTakesSerializableRunnablesAndCallables() throws Exception {
        ExecutorService ex = pool.asExecutorService();
        assertEquals(42, ex.submit((Callable<Integer> & Serializable) () -> 6 * 7).get(HANG.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("v", ex.submit((Runnable & Serializable) () -> { }, "v").get(HANG.toMillis(), TimeUnit.MILLISECONDS));
        Queue<Long> ran = new Queue<>();
        ex.execute((Runnable & Serializable) () -> {
            try {
                ran.put(ProcessHandle.current().pid());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(pool.workerPids().contains(ran.get(HANG)), "ran in a worker");
    }

    @Test
    void anExecutorTaskThatCannotBeShippedIsRefusedNamingTheWayThatWorks() {
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> CompletableFuture.supplyAsync(() -> 1, pool.asExecutorService()));
        assertTrue(e.getMessage().contains("not serializable") && e.getMessage().contains("toCompletableFuture()"),
                e.getMessage());
    }

    @Test
    void anAsyncResultGivesACompletableFuture() throws Exception {
        CompletableFuture<Integer> f = pool.applyAsync(() -> 6 * 7).toCompletableFuture();
        assertEquals(43, f.thenApply(x -> x + 1).get(HANG.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<Object> failed = pool.applyAsync(() -> {
            throw new IllegalStateException("boom");
        }).toCompletableFuture();
        var e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failed.get(HANG.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void aMapFailurePointsAtTheCallersLineAndPrintsTheWorkersTraceOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.map((Integer x) -> {
            throw new IllegalStateException("boom" + x);
        }, List.of(1)));
        assertEquals("boom1", e.getMessage());
        assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName()
                .equals("aMapFailurePointsAtTheCallersLineAndPrintsTheWorkersTraceOnce")), "the caller's stack");
        assertInstanceOf(RemoteTraceback.class, e.getCause());
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String printed = w.toString();
        assertEquals(1, occurrences(printed, "PoolWorker.execute"), printed);

        PoolTaskException checked = assertThrows(PoolTaskException.class, () -> pool.apply(() -> {
            throw new IOException("disk");
        }));
        assertTrue(Arrays.stream(checked.getStackTrace()).anyMatch(f -> f.getMethodName()
                .equals("aMapFailurePointsAtTheCallersLineAndPrintsTheWorkersTraceOnce")), "the caller's stack");
        assertInstanceOf(IOException.class, checked.getCause());
        assertInstanceOf(RemoteTraceback.class, checked.getCause().getCause());
        w = new StringWriter();
        checked.printStackTrace(new PrintWriter(w));
        assertEquals(1, occurrences(w.toString(), "PoolWorker.execute"), w.toString());
    }

    @Test
    void anInternalExceptionTypeNeverReachesTheCaller() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> pool.apply(() -> {
            throw new org.multiprocessing4j.internal.serial.NotSerializableValueException("com.example.Thing", null);
        }));
        assertEquals(IllegalArgumentException.class, e.getClass(), "the public type it extends");
        assertTrue(e.getMessage().contains("com.example.Thing"), e.getMessage());
        assertInstanceOf(RemoteTraceback.class, e.getCause());
    }

    @Test
    void imapWithChunksYieldsEachInputsOwnResultOrException() throws Exception {
        Pool.ResultIterator<Integer> it = pool.imap((Integer x) -> {
            if (x == 3) {
                throw new IllegalStateException("three");
            }
            return x * x;
        }, IntStream0.range(10), 5);
        for (int i = 0; i < 10; i++) {
            if (i == 3) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> it.next(HANG));
                assertEquals("three", e.getMessage());
            } else {
                assertEquals(i * i, it.next(HANG), "position " + i);
            }
        }
        assertTrue(!it.hasNext(), "10 positions for 10 inputs");

        java.util.Set<Integer> values = new java.util.HashSet<>();
        java.util.List<Long> failed = new java.util.ArrayList<>();
        Pool.ResultIterator<Integer> un = pool.imapUnordered((Integer x) -> {
            if (x == 3) {
                throw new IllegalStateException("three");
            }
            return x * x;
        }, IntStream0.range(10), 5);
        for (int i = 0; i < 10; i++) {
            try {
                values.add(un.next(HANG));
            } catch (TaskFailedException e) {
                failed.add(e.index());
                assertInstanceOf(IllegalStateException.class, e.getCause());
            }
        }
        assertEquals(List.of(3L), failed);
        assertEquals(java.util.Set.of(0, 1, 4, 16, 25, 36, 49, 64, 81), values);
    }

    /** The inputs 0 to n - 1. */
    static final class IntStream0 {
        static List<Integer> range(int n) {
            return java.util.stream.IntStream.range(0, n).boxed().toList();
        }
    }

    /** An argument that cannot be decoded in a worker: its readObject throws. */
    static final class Undecodable implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            throw new java.io.InvalidObjectException("Undecodable refuses to be read");
        }
    }

    /** An argument whose decoding kills the worker JVM (a worker's JVM only: the parent never reads it). */
    static final class Deadly implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Runtime.getRuntime().halt(3);
        }
    }

    @Test
    void aChunkTheWorkerCannotDecodeFailsItsJobAndTheWorkerLivesOn() throws Exception {
        List<Long> before = pool.workerPids();
        var e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> pool.mapAsync((Object o) -> o.hashCode(), List.<Object>of(new Undecodable())).get(HANG));
        assertTrue(e.getCause().getMessage().contains("cannot decode"), e.getCause().getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("Undecodable refuses to be read"), e.getCause().getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            assertTrue(!c.getClass().getName().contains(".internal."), "an internal type in the chain: " + c);
        }
        assertEquals(before, pool.workerPids(), "no worker died");
        assertEquals(List.of(1, 4), pool.map((Integer x) -> x * x, List.of(1, 2)));
    }

    @Test
    void aChunkThatKillsEveryWorkerDecodingItFailsAfterThreeAndThePoolGoesOn() throws Exception {
        try (Pool p = new Pool(2)) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> p.mapAsync((Object o) -> o.hashCode(), List.<Object>of(new Deadly())).get(HANG));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertTrue(lost.getMessage().contains("not sent again"), lost.getMessage());
            assertEquals(List.of(1, 4), p.map((Integer x) -> x * x, List.of(1, 2)));
            var dies = assertThrows(java.util.concurrent.ExecutionException.class, () -> p.applyAsync(() -> {
                System.exit(7);
                return 0;
            }).get(HANG));
            assertInstanceOf(WorkerLostException.class, dies.getCause());
            assertEquals(List.of(9), p.map((Integer x) -> x * x, List.of(3)));
        }
    }

    @Test
    void workersThatCannotStartFailThePoolsWorkWithTheirStderr() throws Exception {
        try (Pool p = Pool.builder().processes(2).jvmOptions("-XX:+NoSuchOptionForThisTest").build()) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> p.mapAsync((Integer x) -> x, List.of(1, 2, 3)).get(HANG));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertTrue(lost.getMessage().contains("before they ran their loop")
                    && lost.getMessage().contains("NoSuchOptionForThisTest"), lost.getMessage());
            WorkerLostException later = assertThrows(WorkerLostException.class, () -> p.apply(() -> 1));
            assertTrue(later.getMessage().contains("NoSuchOptionForThisTest"), later.getMessage());
        }
        assertEquals(pool.workerPids().size(), Multiprocessing.activeChildren().size(),
                "only the shared pool's workers run: " + Multiprocessing.activeChildren());
    }

    @Test
    void eachCallerOfABrokenPoolGetsAnExceptionWithItsOwnStack() throws Exception {
        try (Pool p = Pool.builder().processes(1).jvmOptions("-XX:+NoSuchOptionForThisTest").build()) {
            WorkerLostException first = firstCaller(p);
            WorkerLostException second = secondCaller(p);
            assertTrue(Arrays.stream(first.getStackTrace()).anyMatch(f -> f.getMethodName().equals("firstCaller")),
                    "the first caller's exception lost its stack to a later caller's");
            assertTrue(Arrays.stream(second.getStackTrace()).anyMatch(f -> f.getMethodName().equals("secondCaller")));
        }
    }

    private static WorkerLostException firstCaller(Pool p) {
        return assertThrows(WorkerLostException.class, () -> p.apply(() -> 1));
    }

    private static WorkerLostException secondCaller(Pool p) {
        return assertThrows(WorkerLostException.class, () -> p.apply(() -> 2));
    }

    @Test
    void aThreadPoolsFailingInitializerFailsItsWorkWithTheError() throws Exception {
        try (Pool p = Pool.builder().threads(true).processes(1).initializer(() -> {
            throw new IllegalStateException("the thread initializer broke");
        }).build()) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> p.apply(() -> 1));
            assertTrue(e.getMessage().contains("the thread initializer broke"), e.getMessage());
        }
    }

    @Test
    void aFailingInitializerFailsThePoolsWorkWithItsStackTrace() throws Exception {
        try (Pool p = Pool.builder().processes(1).initializer(() -> {
            throw new IllegalStateException("the initializer broke");
        }).build()) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> p.apply(() -> 1));
            assertTrue(e.getMessage().contains("the initializer broke"), e.getMessage());
        }
    }

    @Test
    void aWorkerSlotThatNeverStartsFailsThePoolWhileAnotherWorkerRuns(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        String claim = tmp.resolve("claimed").toString();
        // the first worker's initializer takes the file; every other one fails, for ever (a port
        // only one process can bind, say), while the first worker keeps delivering results
        try (Pool p = Pool.builder().processes(2).initializer(() -> {
            try {
                java.nio.file.Files.createFile(java.nio.file.Path.of(claim));
            } catch (IOException e) {
                throw new IllegalStateException("the resource is taken: " + e);
            }
        }).build()) {
            // (bounded: the map ends in about 20 s if the pool keeps respawning the failing worker)
            WorkerLostException lost = assertThrows(WorkerLostException.class, () -> p.map((Integer x) -> {
                Thread.sleep(5); // work, not synchronisation: results keep coming meanwhile
                return x;
            }, IntStream0.range(4000), 1));
            assertTrue(lost.getMessage().contains("the resource is taken"), lost.getMessage());
        }
    }

    @Test
    void inAnImapChunkLostWithItsWorkerOnlyTheTaskThatKilledItThrowsAndTheOthersRunAgain() throws Exception {
        try (Pool p = new Pool(1)) {
            Pool.ResultIterator<Integer> it = p.imap((Integer x) -> {
                if (x == 4) {
                    System.exit(5);
                }
                return x * 10;
            }, IntStream0.range(8), 3);
            for (int i = 0; i < 8; i++) {
                if (i == 4) {
                    WorkerLostException e = assertThrows(WorkerLostException.class, () -> it.next(HANG), "position " + i);
                    assertTrue(e.getMessage().contains("task 4") && e.getMessage().contains("exit code=5"), e.getMessage());
                } else {
                    assertEquals(i * 10, it.next(HANG), "position " + i);
                }
            }
            assertTrue(!it.hasNext());
        }
    }

    @Test
    void aWorkerThatRunsOutOfHeapSaysSo() throws Exception {
        try (Pool p = Pool.builder().processes(1).jvmOptions("-Xmx48m").build()) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> p.applyAsync(() -> {
                List<long[]> hog = new java.util.ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 17]);
                }
            }).get(HANG));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertTrue(lost.getMessage().contains("OutOfMemoryError") && lost.getMessage().contains("heap limit"),
                    lost.getMessage());
            assertInstanceOf(OutOfMemoryError.class, lost.getCause());
            assertEquals(6, p.apply(() -> 6), "replaced");
        }
    }

    @Test
    void aWorkerKilledByASignalNamesIt() throws Exception {
        try (Pool p = new Pool(1)) {
            Queue<Long> started = new Queue<>();
            AsyncResult<Object> r = p.applyAsync(() -> {
                started.put(ProcessHandle.current().pid());
                new java.util.concurrent.CountDownLatch(1).await(); // until killed
                return null;
            });
            long pid = started.get(HANG);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> r.get(HANG));
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e.getCause());
            assertTrue(lost.getMessage().contains("SIGKILL"), lost.getMessage());
            assertEquals(-9, lost.exitCode());
        }
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void maxTasksPerChildZeroOrNegativeIsRefusedNamingTheValue() {
        for (int n : new int[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pool.builder().maxTasksPerChild(n));
            assertTrue(e.getMessage().contains("maxTasksPerChild=" + n), e.getMessage());
        }
        try (Pool p = Pool.builder().processes(1).maxTasksPerChild(1).build()) {
            assertEquals(java.util.List.of(1, 4), assertTimeoutMap(p));
        }
    }

    private static java.util.List<Integer> assertTimeoutMap(Pool p) {
        try {
            return p.map((Integer x) -> x * x, java.util.List.of(1, 2), 1);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
