package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * What only the local context's Queue does, across real child JVMs: exactly-once delivery of a
 * million items, chunk sizes, items larger than a chunk, a producer joined before the queue is
 * drained, killed producers and consumers, and close. The contracts every context shares are
 * {@code LocalQueueContractTest} and {@code LocalJoinableQueueContractTest} ({@code
 * org.multiprocessing4j.contract}).
 */
@ExtendWith(ChildCleanup.class)
class QueueTest {
    static final Duration HANG = ProcessTest.HANG;

    static void joinOk(Process p) throws InterruptedException {
        assertTrue(p.join(HANG), p + " did not finish");
        assertEquals(OptionalInt.of(0), p.exitCode(), p.toString());
    }

    record Tally(long count, long sum) implements java.io.Serializable {}

    static void produce(Queue<Integer> q, int from, int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            q.put(i);
        }
    }

    static void consume(Queue<Integer> q, Queue<Tally> results) throws InterruptedException {
        long count = 0;
        long sum = 0;
        Integer item;
        while ((item = q.get()) != null) {
            count++;
            sum += item;
        }
        results.put(new Tally(count, sum));
    }

    /** 4 producer and 4 consumer processes move {@code total} items; each arrives exactly once. */
    static void exactlyOnce(Queue<Integer> q, int total) throws Exception {
        Queue<Tally> results = new Queue<>();
        int producers = 4;
        int consumers = 4;
        List<Process> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int from = p * (total / producers);
            int to = from + total / producers;
            ps.add(new Process(() -> produce(q, from, to)));
        }
        List<Process> cs = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            cs.add(new Process(() -> consume(q, results)));
        }
        cs.forEach(Process::start);
        ps.forEach(Process::start);
        for (Process p : ps) {
            joinOk(p);
        }
        for (int c = 0; c < consumers; c++) {
            q.put(null); // one end marker per consumer
        }
        long count = 0;
        long sum = 0;
        for (int c = 0; c < consumers; c++) {
            Tally t = results.get(HANG);
            count += t.count();
            sum += t.sum();
        }
        for (Process c : cs) {
            joinOk(c);
        }
        assertEquals(total, count);
        assertEquals((long) total * (total - 1) / 2, sum);
        assertTrue(q.empty());
        assertEquals(0, q.qsize());
    }

    @Test
    void fourProducersAndFourConsumersMoveAMillionItemsExactlyOnce() throws Exception {
        exactlyOnce(new Queue<>(), 1_000_000);
    }

    @Test
    void exactlyOnceAlsoWithSmallChunksAndABoundThatForcesBackPressure() throws Exception {
        exactlyOnce(new Queue<>(64, 4096), 200_000);
    }

    @Test
    void fifoPerProducerAndItemsLargerThanAChunkStreamThrough() throws Exception {
        Queue<Object> q = new Queue<>(0, 4096);
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Process p = new Process(() -> {
            for (int i = 0; i < 1000; i++) {
                q.put(i);
            }
            q.put(big);
            q.put("done");
        });
        p.start();
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, q.get(HANG));
        }
        assertArrayEquals(big, (byte[]) q.get(HANG));
        assertEquals("done", q.get(HANG));
        joinOk(p);
    }

    @Test
    void aProducerCanBeJoinedBeforeTheQueueIsDrained() throws Exception {
        Queue<byte[]> q = new Queue<>();
        Process producer = new Process(() -> {
            for (int i = 0; i < 20_000; i++) {
                q.put(new byte[1024]); // 20 MB: far more than any pipe buffer
            }
        });
        producer.start();
        joinOk(producer); // CPython would deadlock here
        for (int i = 0; i < 20_000; i++) {
            assertEquals(1024, q.get(HANG).length);
        }
        assertTrue(q.empty());
    }

    @Test
    void putAfterCloseFailsAndTheFeederThreadCallsAreHarmless() throws Exception {
        Queue<Object> q = new Queue<>();
        q.close();
        assertThrows(IllegalStateException.class, () -> q.put("after close"));
        q.joinThread();
        q.cancelJoinThread();
    }

    @Test
    void aConsumerBlockedInGetSurvivesAKilledProducerAndGetsTheNextItem() throws Exception {
        Queue<String> q = new Queue<>();
        try (var out = CapturedOutput.stdout()) {
            Process producer = new Process(() -> {
                q.put("first");
                System.out.println("producer ready");
                new java.util.concurrent.CountDownLatch(1).await();
            });
            producer.start();
            out.awaitLine("producer ready"::equals, HANG);
            assertEquals("first", q.get(HANG));
            producer.kill();
            assertTrue(producer.join(HANG));
            Process second = new Process(() -> q.put("second"));
            second.start();
            assertEquals("second", q.get(HANG));
            joinOk(second);
        }
    }

    @Test
    void getNowaitRecoversTheReadLockOfAConsumerKilledWhileWaiting() throws Exception {
        Queue<String> q = new Queue<>();
        try (var out = CapturedOutput.stdout()) {
            Process consumer = new Process(() -> {
                System.out.println("consumer waiting");
                q.get(); // holds the read lock while it waits
            });
            consumer.start();
            out.awaitLine("consumer waiting"::equals, HANG);
            // a killed waiter may still hold the read lock: the non-blocking get recovers it
            consumer.kill();
            assertTrue(consumer.join(HANG));
            q.put("after the consumer died");
            // the first non-blocking get already takes the lock over from the dead holder
            assertEquals("after the consumer died", q.getNowait());
        }
    }

    @Test
    void anItemLargerThanTheChannelCanHoldIsRefusedUpFront() {
        Queue<byte[]> q = new Queue<>(0, 4096);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.put(new byte[17 << 20]));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertTrue(q.empty());
    }

    @Test
    void getAndPutAfterCloseThrowInTheClosingProcessOnly() throws Exception {
        Queue<String> q = new Queue<>();
        Queue<String> results = new Queue<>();
        q.put("a");
        q.put("b");
        q.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::get);
        assertTrue(e.getMessage().contains(q.toString().substring(q.toString().indexOf('[') + 1).split(",")[0])
                && e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, q::getNowait);
        assertThrows(IllegalStateException.class, () -> q.get(Duration.ofMillis(1)));
        assertThrows(IllegalStateException.class, () -> q.put("c"));
        Process p = new Process(() -> results.put(q.get() + q.get())); // the child's handle is open
        p.start();
        assertEquals("ab", results.get(HANG));
        joinOk(p);
    }

    @Test
    void badChunkSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Queue<>(0, 1000));
    }
}
