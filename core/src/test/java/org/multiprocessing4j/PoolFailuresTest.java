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
