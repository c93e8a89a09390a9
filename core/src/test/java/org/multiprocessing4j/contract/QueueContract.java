package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Empty;
import org.multiprocessing4j.Full;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.SimpleQueue;

/** The contract of {@link Queue} and {@link SimpleQueue} across processes. */
public abstract class QueueContract extends ContextContract {
    @Test
    public void producersInOtherProcessesFeedOneQueueInOrderPerProducer() throws Exception {
        Queue<int[]> q = context().queue();
        int producers = 2;
        int each = 300;
        List<Process> ps = new ArrayList<>();
        for (int id = 0; id < producers; id++) {
            int producer = id;
            ps.add(start(() -> {
                for (int i = 0; i < each; i++) {
                    q.put(new int[] {producer, i});
                }
            }));
        }
        Map<Integer, Integer> next = new HashMap<>();
        for (int n = 0; n < producers * each; n++) {
            int[] item = q.get(HANG);
            int expected = next.getOrDefault(item[0], 0);
            assertEquals(expected, item[1], "FIFO per producer");
            next.put(item[0], expected + 1);
        }
        joinAllOk(ps);
        assertTrue(q.empty());
        assertEquals(Map.of(0, each, 1, each), next);
    }

    @Test
    public void itemsOfEveryKindArriveIntactAndAProducerMayEndBeforeTheQueueIsDrained() throws Exception {
        Queue<Object> q = context().queue();
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Process p = start(() -> {
            q.put(big);
            q.put(null);
            q.put("text");
            q.put(List.of(1, 2, 3));
            q.put(new int[] {4, 5});
        });
        joinOk(p); // before a single get: the items do not depend on the producer being alive
        assertArrayEquals(big, (byte[]) q.get(HANG));
        assertNull(q.get(HANG));
        assertEquals("text", q.get(HANG));
        assertEquals(List.of(1, 2, 3), q.get(HANG));
        assertArrayEquals(new int[] {4, 5}, (int[]) q.get(HANG));
        assertTrue(q.empty());
    }

    @Test
    public void aBoundedQueueTimesOutAndTheNowaitFormsThrowEmptyAndFull() throws Exception {
        Queue<String> q = context().queue(2);
        assertEquals(2, q.maxsize());
        assertTrue(q.empty());
        assertFalse(q.full());
        q.put("a");
        q.putNowait("b");
        assertTrue(q.full());
        assertEquals(2, q.qsize());
        assertThrows(Full.class, () -> q.putNowait("c"));
        assertThrows(Full.class, () -> q.put("c", Duration.ofMillis(30)));
        assertEquals("a", q.getNowait());
        assertEquals("b", q.get(Duration.ofMillis(30)));
        assertThrows(Empty.class, q::getNowait);
        Empty e = assertThrows(Empty.class, () -> q.get(Duration.ofMillis(30)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    public void aFullQueueMakesAProducerInAnotherProcessWaitForRoom() throws Exception {
        Queue<Integer> q = context().queue(1);
        Queue<String> events = context().queue();
        q.put(0);
        Process producer = start(() -> {
            events.put("putting");
            q.put(1); // waits: the queue is full
            events.put("put");
        });
        assertEquals("putting", events.get(HANG));
        assertNothingMore(events);
        assertEquals(0, q.get(HANG));
        assertEquals("put", events.get(HANG));
        assertEquals(1, q.get(HANG));
        joinOk(producer);
    }

    @Test
    public void aQueueTravelsInsideAProcessTargetAndThroughAnotherQueue() throws Exception {
        Queue<Queue<String>> carrier = context().queue();
        Queue<String> inner = context().queue();
        carrier.put(inner);
        Process p = start(() -> {
            Queue<String> received = carrier.get();
            received.put("sent through the inner queue");
        });
        assertEquals("sent through the inner queue", inner.get(HANG));
        joinOk(p);
    }

    @Test
    public void anUnserializableItemFailsInThePutterAndNothingIsQueued() throws Exception {
        Queue<Object> q = context().queue();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.put(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(q.empty());
        q.put("after");
        assertEquals("after", q.get(HANG));
    }

    @Test
    public void aSimpleQueueCarriesItemsFromAnotherProcess() throws Exception {
        SimpleQueue<String> q = context().simpleQueue();
        assertTrue(q.empty());
        Process p = start(() -> q.put("hello"));
        assertEquals("hello", q.get());
        joinOk(p);
        assertTrue(q.empty());
        q.close();
    }

    @Test
    public void theBlockingQueueView() throws Exception {
        Queue<String> q = context().queue(2);
        BlockingQueue<String> b = q.asBlockingQueue();
        assertTrue(b.offer("x"));
        b.put("y");
        assertFalse(b.offer("z"));
        assertFalse(b.offer("z", 10, TimeUnit.MILLISECONDS));
        assertEquals(0, b.remainingCapacity());
        assertEquals(2, b.size());
        assertEquals("x", b.take());
        List<String> drained = new ArrayList<>();
        assertEquals(1, b.drainTo(drained));
        assertEquals(List.of("y"), drained);
        assertNull(b.poll());
        assertNull(b.poll(10, TimeUnit.MILLISECONDS));
        assertThrows(NullPointerException.class, () -> b.offer(null));
        assertThrows(UnsupportedOperationException.class, b::iterator);
    }
}
