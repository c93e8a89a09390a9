package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolTaskException;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RemoteTraceback;
import org.multiprocessing4j.Tuple;
import org.multiprocessing4j.Value;
import org.multiprocessing4j.function.SerializableCallable;

/** The contract of {@link Pool}: its workers are processes of the context. One pool per test. */
public abstract class PoolContract extends ContextContract {
    static double[] normalize(double[] arr) {
        double norm = Math.sqrt(Arrays.stream(arr).map(x -> x * x).sum());
        return Arrays.stream(arr).map(x -> x / norm).toArray();
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
    public void mapAndStarmapGiveTheResultsInInputOrderForEveryChunksize() throws Exception {
        try (Pool pool = context().pool(2)) {
            List<double[]> arrays = List.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[] {7, 8, 9});
            List<double[]> results = pool.map(PoolContract::normalize, arrays); // the seed's example
            assertEquals(3, results.size());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(normalize(arrays.get(i)), results.get(i), 1e-12);
            }
            var args = List.of(Tuple.of(1, 1), Tuple.of(2, 2), Tuple.of(3, 3), Tuple.of(4, 4));
            assertEquals(List.of(2, 4, 6, 8), pool.starmap(PoolContract::add, args));
            assertEquals(List.of(6), pool.starmap((Integer a, Integer b, Integer c) -> a + b + c, List.of(Tuple.of(1, 2, 3))));

            List<Integer> input = IntStream.range(0, 300).boxed().toList();
            List<Integer> expected = input.stream().map(x -> x * 3).toList();
            for (int chunksize : new int[] {1, 7, 300, 5000}) {
                assertEquals(expected, pool.map(x -> x * 3, input, chunksize), "chunksize=" + chunksize);
            }
            assertEquals(expected, pool.map(x -> x * 3, input));
            assertEquals(List.of(), pool.map(x -> x, List.<Integer>of()));
            assertEquals(List.of(), pool.mapAsync(x -> x, List.<Integer>of()).get(HANG));
            assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, input, -1));
            Iterable<String> notACollection = () -> List.of("a", "bb").iterator();
            assertEquals(List.of(1, 2), pool.map(String::length, notACollection));
        }
    }

    @Test
    public void applyTheAsyncFormsAndTheImaps() throws Exception {
        try (Pool pool = context().pool(2)) {
            assertEquals(2, pool.processes());
            assertEquals(7, pool.apply(() -> 3 + 4));
            assertEquals(49, pool.apply((Integer x) -> x * x, 7));
            AtomicInteger callbackValue = new AtomicInteger();
            AsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7, callbackValue::set, null);
            assertEquals(42, r.get(HANG));
            assertTrue(r.ready());
            assertTrue(r.successful());
            assertEquals(42, callbackValue.get());
            assertTrue(r.isDone());
            assertFalse(r.cancel(true));
            assertEquals(List.of(1, 4, 9), pool.mapAsync(x -> x * x, List.of(1, 2, 3)).get(HANG));
            assertEquals(12, pool.applyAsync(() -> 3 * 4).toCompletableFuture().get());
            List<Integer> ordered = new ArrayList<>();
            pool.imap(x -> x * 2, List.of(3, 1, 2), 2).forEachRemaining(ordered::add);
            assertEquals(List.of(6, 2, 4), ordered);
            Set<Integer> unordered = new HashSet<>();
            for (int v : pool.imapUnordered(x -> x + 1, List.of(1, 2, 3, 4, 5), 2)) {
                unordered.add(v);
            }
            assertEquals(Set.of(2, 3, 4, 5, 6), unordered);
            var failing = pool.imap(PoolContract::failOnFive, List.of(4, 5, 6));
            assertEquals(4, failing.next());
            assertThrows(IllegalStateException.class, failing::next);
        }
    }

    @Test
    public void aTaskExceptionComesBackWithItsTypeMessageAndTraceAndOnlyItsTaskFails() throws Exception {
        try (Pool pool = context().pool(1)) {
            IntValue ran = context().make(() -> Value.rawInt(0));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> pool.map(x -> {
                        ran.incrementAndGet();
                        return failOnFive(x);
                    }, IntStream.range(0, 20).boxed().toList(), 1));
            assertEquals("five is bad", e.getMessage());
            assertInstanceOf(RemoteTraceback.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("failOnFive"), e.getCause().getMessage());
            assertEquals(20, ran.get(), "every other task still ran");
            ExecutionException ee = assertThrows(ExecutionException.class,
                    () -> pool.applyAsync(() -> failOnFive(5)).get(HANG));
            assertInstanceOf(IllegalStateException.class, ee.getCause());
            AsyncResult<Integer> failed = pool.applyAsync(() -> failOnFive(5));
            failed.await();
            assertFalse(failed.successful());
            PoolTaskException checked = assertThrows(PoolTaskException.class, () -> pool.apply(() -> {
                throw new IOException("checked");
            }));
            assertInstanceOf(IOException.class, checked.getCause());
            assertEquals(List.of(1, 2), pool.map(x -> x, List.of(1, 2)), "the pool stays usable");
        }
    }

    @Test
    public void anUnserializableFunctionArgumentOrResultFailsOnlyItsTask() throws Exception {
        try (Pool pool = context().pool(1)) {
            Thread notSerializable = new Thread(() -> {});
            IllegalArgumentException function = assertThrows(IllegalArgumentException.class,
                    () -> pool.apply(() -> notSerializable.getName()));
            assertTrue(function.getMessage().contains("java.lang.Thread"), function.getMessage());
            IllegalArgumentException arg = assertThrows(IllegalArgumentException.class,
                    () -> pool.map(Object::toString, List.of(new Object())));
            assertTrue(arg.getMessage().contains("java.lang.Object"), arg.getMessage());
            IllegalArgumentException result = assertThrows(IllegalArgumentException.class,
                    () -> pool.apply(() -> new Object()));
            assertTrue(result.getMessage().contains("java.lang.Object"), result.getMessage());
            assertEquals(List.of(1, 2), pool.map(x -> x, List.of(1, 2)), "the pool stays usable");
        }
    }

    @Test
    public void sharedObjectsReachTheTasksAndTheExecutorServiceViewTakesSerializableTasks() throws Exception {
        try (Pool pool = context().pool(1)) {
            Queue<String> q = context().queue();
            IntValue counter = context().make(() -> Value.rawInt(0));
            pool.map(x -> {
                counter.addAndGet(x);
                q.put("task " + x);
                return null;
            }, List.of(1, 2, 3), 1);
            assertEquals(6, counter.get());
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                got.add(q.get(HANG));
            }
            assertEquals(Set.of("task 1", "task 2", "task 3"), got);

            ExecutorService ex = pool.asExecutorService();
            Future<Integer> f = ex.submit((Callable<Integer> & java.io.Serializable) () -> 5);
            assertEquals(5, f.get());
            assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 5), "a task that is not serializable");
            List<Future<Integer>> all = ex.invokeAll(List.of((SerializableCallable<Integer>) () -> 1)
                    .stream().map(c -> (Callable<Integer> & java.io.Serializable) c::call).toList());
            assertEquals(1, all.getFirst().get());
        }
    }
}
