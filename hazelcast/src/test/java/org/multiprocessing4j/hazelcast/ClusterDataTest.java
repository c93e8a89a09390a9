package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Array;
import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.DictProxy;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.ListProxy;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Namespace;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Value;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * Value, Array, the manager's dict, list and namespace, and Pipe in the cluster context, on three
 * member JVMs started once for the class.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterDataTest extends ThreeMemberClusterTest {
    private static void runAll(List<Process> ps) throws InterruptedException {
        ps.forEach(Process::start);
        for (Process p : ps) {
            assertTrue(p.join(LONG), p + " ended");
            assertEquals(0, p.exitCode().orElseThrow(), p + " exit code");
        }
    }

    private static void run(Process p) throws InterruptedException {
        runAll(List.of(p));
    }

    @Test
    void aValueIncrementedUnderItsLockByProcessesOnSeveralMembersGivesTheExactTotal() throws Exception {
        IntValue counter = cluster.make(() -> Value.ofInt(0));
        IntValue atomic = cluster.make(() -> Value.rawInt(0));
        Queue<Long> pids = cluster.queue();
        int processes = 4;
        int each = 25;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            ps.add(cluster.process(() -> {
                pids.put(ProcessHandle.current().pid());
                for (int n = 0; n < each; n++) {
                    try (var _ = counter.getLock().hold()) {   // the seed's: with v.get_lock(): v.value += 1
                        counter.set(counter.get() + 1);
                    }
                    atomic.incrementAndGet();
                }
            }));
        }
        runAll(ps);
        assertEquals(processes * each, counter.get());
        assertEquals(processes * each, atomic.get());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < processes; i++) {
            seen.add(pids.get(LONG));
        }
        assertTrue(seen.size() > 1, "processes ran on more than one member: " + seen);
        assertTrue(counter.getLock() instanceof RLock, "own lock is an RLock");
        assertTrue(counter.getLock().toString().contains("mp4j-lock-"), counter.getLock().toString());
        assertThrows(UnsupportedOperationException.class, atomic::getLock);
        assertFalse(atomic.hasLock());
    }

    @Test
    void intAtomicsWrapAndCompareAsLocally() {
        IntValue v = cluster.make(() -> Value.rawInt(Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, v.incrementAndGet());
        assertTrue(v.compareAndSet(Integer.MIN_VALUE, 7), "CAS after a wrapping add");
        assertEquals(7, v.getAndSet(9));
        assertFalse(v.compareAndSet(7, 1));
        assertEquals(9, v.get());
        assertEquals(12, v.addAndGet(3));
    }

    @Test
    void anArrayIsUpdatedFromMembersAsInTheSeedsExample() throws Exception {
        IntArray arr = cluster.make(() -> Array.ofInts(1, 2, 3, 4, 5));
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(cluster.process(() -> {
                try (var _ = arr.getLock().hold()) {
                    for (int k = 0; k < arr.length(); k++) {
                        arr.set(k, arr.get(k) + 1);
                    }
                }
            }));
        }
        runAll(ps);
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, arr.toArray());

        DoubleArray ds = cluster.make(() -> Array.doublesOfLength(4));
        LongArray counts = cluster.make(() -> Array.rawLongsOfLength(3));
        run(cluster.process(() -> {
            ds.copyFrom(new double[] {0.5, -1.5}, 0, 1, 2);
            for (int i = 0; i < 10; i++) {
                counts.incrementAndGet(i % 3);
            }
        }));
        assertArrayEquals(new double[] {0, 0.5, -1.5, 0}, ds.toArray());
        double[] part = new double[3];
        ds.copyTo(1, part, 1, 2);
        assertArrayEquals(new double[] {0, 0.5, -1.5}, part);
        assertArrayEquals(new long[] {4, 3, 3}, counts.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> arr.get(5));
        assertEquals("IntArray[3, 4, 5, 6, 7]", arr.toString());
    }

    @Test
    void everyTypecodeRoundTripsThroughAMemberAndSerialization() throws Exception {
        Map<Character, Object[]> cases = new LinkedHashMap<>(); // typecode -> {initial, set by the member}
        cases.put('b', new Object[] {(byte) -5, (byte) 7});
        cases.put('c', new Object[] {'x', (char) 255});
        cases.put('h', new Object[] {(short) -300, (short) 1234});
        cases.put('i', new Object[] {-70000, Integer.MIN_VALUE});
        cases.put('l', new Object[] {Long.MIN_VALUE + 1, Long.MAX_VALUE});
        cases.put('f', new Object[] {-1.5f, 3.25f});
        cases.put('d', new Object[] {-0.0, 1e300});
        List<Value> values = new ArrayList<>();
        List<Value> raws = new ArrayList<>();
        List<Array> arrays = new ArrayList<>();
        for (var e : cases.entrySet()) {
            char t = e.getKey();
            Object initial = e.getValue()[0];
            values.add(cluster.value(t, initial));
            raws.add(cluster.make(() -> Value.raw(t, initial)));
            arrays.add(cluster.array(t, List.of(initial, e.getValue()[1], initial)));
        }
        Queue<List<Object>> seen = cluster.queue();
        List<Object[]> updates = new ArrayList<>(cases.values());
        run(cluster.process(() -> {
            List<Object> read = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                read.add(values.get(i).getObject());
                read.add(raws.get(i).getObject());
                read.add(arrays.get(i).toList());
                values.get(i).setObject(updates.get(i)[1]);
                raws.get(i).setObject(updates.get(i)[1]);
                arrays.get(i).setObject(2, updates.get(i)[1]);
            }
            seen.put(read);
        }));
        List<Object> read = seen.get(LONG);
        int i = 0;
        for (var e : cases.entrySet()) {
            Object initial = e.getValue()[0];
            Object updated = e.getValue()[1];
            String t = "typecode " + e.getKey();
            assertEquals(initial, read.get(3 * i), t + " value read on the member");
            assertEquals(initial, read.get(3 * i + 1), t + " raw value read on the member");
            assertEquals(List.of(initial, updated, initial), read.get(3 * i + 2), t + " array read on the member");
            assertEquals(updated, values.get(i).getObject(), t + " value set by the member");
            assertEquals(updated, raws.get(i).getObject(), t + " raw value set by the member");
            assertEquals(List.of(initial, updated, updated), arrays.get(i).toList(), t + " array set by the member");
            assertEquals(e.getKey(), values.get(i).typecode());
            Value copy = (Value) Serialization.fromFrame(Serialization.toFrame(values.get(i)));
            assertEquals(updated, copy.getObject(), t + " deserialized copy reads the same cells");
            assertTrue(copy.hasLock());
            Array arrayCopy = (Array) Serialization.fromFrame(Serialization.toFrame(arrays.get(i)));
            arrayCopy.setObject(0, updated);
            assertEquals(updated, arrays.get(i).getObject(0), t + " write through a deserialized copy");
            assertFalse(((Value) Serialization.fromFrame(Serialization.toFrame(raws.get(i)))).hasLock());
            i++;
        }
        CharArray text = cluster.make(() -> Array.ofChars('a', 'b', 'c'));
        assertEquals("abc", text.toLatin1String());
        assertThrows(IllegalArgumentException.class, () -> text.set(0, '\u0100'));
    }

    static void f(Map<String, Map<String, Integer>> d, String key1, String key2, int value) {
        d.get(key1).put(key2, value + 1);    // updates the nested managed dict in place
    }

    @Test
    void theSeedsManagerExampleUpdatesNestedDictsInPlace() throws Exception {
        Manager manager = cluster.manager();
        try (manager) {
            Map<String, Map<String, Integer>> d = manager.dict();
            d.put("dict1", manager.dict());
            d.put("dict2", manager.dict());
            List<Process> ps = new ArrayList<>();
            ps.add(cluster.process(() -> f(d, "dict1", "key1", 11)));
            ps.add(cluster.process(() -> f(d, "dict1", "key2", 12)));
            ps.add(cluster.process(() -> f(d, "dict2", "key1", 21)));
            ps.add(cluster.process(() -> f(d, "dict2", "key2", 22)));
            runAll(ps);
            System.out.println(d.get("dict1"));
            System.out.println(d.get("dict2"));
            assertEquals("{key1=12, key2=13}", d.get("dict1").toString());
            assertEquals("{key1=22, key2=23}", d.get("dict2").toString());
            assertEquals(Map.of("key1", 22, "key2", 23), d.get("dict2"));
            assertEquals(d.get("dict1"), d.get("dict1"));
        }
        assertEquals(0, manager.pid());
        assertTrue(manager.toString().contains("cluster"), manager.toString());
    }

    @Test
    void aClusterDictBehavesAsAMap() throws Exception {
        Manager manager = cluster.manager();
        DictProxy<String, Object> d = manager.dict();
        assertNull(d.put("b", 2));
        assertEquals(2, d.put("b", 3));
        d.putAll(Map.of("a", 1, "c", "three"));
        assertNull(d.putIfAbsent("n", null));
        assertTrue(d.containsKey("n"));
        assertNull(d.get("n"));
        assertTrue(d.containsValue(null));
        assertTrue(d.containsValue("three"));
        assertEquals(4, d.size());
        assertEquals("{a=1, b=3, c=three, n=null}", d.toString());
        Map<String, Object> expected = new HashMap<>();
        expected.put("a", 1);
        expected.put("b", 3);
        expected.put("c", "three");
        expected.put("n", null);
        assertEquals(expected, d);
        List<String> keys = new ArrayList<>();
        d.forEach((k, v) -> keys.add(k));
        assertEquals(List.of("a", "b", "c", "n"), keys);
        assertEquals(3, d.remove("b"));
        assertThrows(NullPointerException.class, () -> d.put(null, 1));
        Queue<Object> back = cluster.queue();
        run(cluster.process(() -> {
            back.put(d.get("c"));
            d.put("from-member", ProcessHandle.current().pid());
        }));
        assertEquals("three", back.get(LONG));
        assertTrue(members.pids().contains((Long) d.get("from-member")));
        d.clear();
        assertTrue(d.isEmpty());
    }

    @Test
    void listProxyOperationsReachTheSameClusterList() throws Exception {
        Manager manager = cluster.manager();
        ListProxy<Object> l = manager.list();
        assertTrue(l.add("a"));
        l.add("c");
        l.add(1, "b");
        assertEquals(List.of("a", "b", "c"), l);
        assertEquals("b", l.set(1, "B"));
        assertTrue(l.addAll(List.of(1, 2)));
        l.add(null);
        assertEquals(6, l.size());
        assertNull(l.get(5));
        assertEquals("[a, B, c, 1, 2, null]", l.toString());
        assertEquals(1, l.remove(3));
        assertTrue(l.remove("c"));
        assertFalse(l.remove("zzz"));
        assertTrue(l.contains("B"));
        assertEquals(1, l.indexOf("B"));
        run(cluster.process(() -> {
            l.add("from member");
            l.remove(null);
        }));
        assertEquals(Arrays.asList("a", "B", 2, "from member"), l);
        List<Object> iterated = new ArrayList<>();
        l.forEach(iterated::add);
        assertEquals(List.of("a", "B", 2, "from member"), iterated);
        ListProxy<?> copy = (ListProxy<?>) Serialization.fromFrame(Serialization.toFrame(l));
        copy.clear();
        assertTrue(l.isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(0));
    }

    @Test
    void aNamespaceIsSharedWithMembers() throws Exception {
        Manager manager = cluster.manager();
        Namespace ns = manager.namespace();
        ns.set("x", 41);
        ns.set("nothing", null);
        run(cluster.process(() -> ns.set("y", (Integer) ns.get("x") + 1)));
        assertEquals(42, ns.get("y"));
        assertTrue(ns.has("nothing"));
        assertNull(ns.get("nothing"));
        assertEquals("Namespace(nothing=null, x=41, y=42)", ns.toString());
        assertTrue(ns.delete("x"));
        assertFalse(ns.delete("x"));
        assertThrows(NoSuchElementException.class, () -> ns.get("x"));
    }

    @Test
    void theManagersFactoriesMakeClusterObjects() throws Exception {
        Manager manager = cluster.manager();
        Lock lock = manager.lock();
        assertTrue(lock.toString().contains("mp4j-lock-"), lock.toString());
        Queue<String> q = manager.queue();
        Value v = manager.value('i', 5);
        Array a = manager.array('d', 3);
        run(cluster.process(() -> {
            try (var _ = lock.hold()) {
                ((IntValue) v).incrementAndGet();
            }
            ((DoubleArray) a).set(2, 2.5);
            q.put("queued on a member");
        }));
        assertEquals(6, v.getObject());
        assertEquals(List.of(0.0, 0.0, 2.5), a.toList());
        assertEquals("queued on a member", q.get(LONG));
        assertThrows(UnsupportedOperationException.class, () -> manager.create("x", Runnable.class));
    }

    @Test
    void aPipePingPongsWithAProcessOnAMemberAndEndsInEof() throws Exception {
        Pipe pipe = cluster.pipe();
        Connection here = pipe.left();
        Connection there = pipe.right();
        Process p = cluster.process(() -> {
            while (true) {
                int n = (Integer) there.recv();
                if (n < 0) {
                    break;
                }
                there.send(n + 1);
            }
            there.sendBytes(new byte[0]);
            there.sendBytes(new byte[] {1, 2, 3});
            there.close();
        });
        p.start();
        for (int i = 0; i < 20; i += 2) {
            here.send(i);
            assertEquals(i + 1, here.recv());
        }
        assertFalse(here.poll(Duration.ofMillis(100)), "nothing to read while the member waits");
        here.send(-1);
        assertArrayEquals(new byte[0], here.recvBytes());
        assertArrayEquals(new byte[] {1, 2, 3}, here.recvBytes());
        assertTrue(p.join(LONG));
        assertEquals(0, p.exitCode().orElseThrow());
        assertTrue(here.poll(Duration.ofSeconds(5)), "end of file is ready");
        assertThrows(EOFException.class, here::recv);
        assertThrows(EOFException.class, here::recv, "end of file stays");
        here.close();
        assertThrows(IllegalStateException.class, () -> here.send(1));
    }

    @Test
    void closingAnEndThisJvmNeverUsedDoesNotEndThePeersStream() throws Exception {
        Pipe pipe = cluster.pipe();
        Connection parentEnd = pipe.left();
        Connection childEnd = pipe.right();
        Process p = cluster.process(() -> {
            childEnd.send("one");
            childEnd.send("two");
            childEnd.close();
        });
        p.start();
        childEnd.close(); // the parent's unused copy: not a holder, so no end of file
        assertEquals("one", parentEnd.recv());
        assertEquals("two", parentEnd.recv());
        assertThrows(EOFException.class, parentEnd::recv);
        assertTrue(p.join(LONG));
    }

    @Test
    void aOneWayPipeSendsFromRightToLeftOnly() throws Exception {
        Pipe pipe = cluster.pipe(false);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        assertTrue(reader.readable());
        assertFalse(reader.writable());
        assertTrue(writer.writable());
        assertFalse(writer.readable());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.send("x"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        e = assertThrows(IllegalStateException.class, writer::recv);
        assertTrue(e.getMessage().contains("write-only"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> writer.poll());
        assertTrue(e.getMessage().contains("write-only"), e.getMessage());
        run(cluster.process(() -> {
            writer.send("from a member");
            writer.close();
        }));
        assertEquals("from a member", reader.recv());
        assertThrows(EOFException.class, reader::recv);
    }

    /** An application's class, for Hazelcast's own Java serialization. */
    record AppValue(String name) implements java.io.Serializable {}

    @Test
    void hazelcastsOwnJavaSerializationRefusesADeniedClassAndAcceptsTheApplicationsClasses() {
        var map = ClusterBackend.local().hazelcast.<String, Object>getMap("mp4j-test-serial-filter");
        try {
            map.put("gadget", new javax.management.BadAttributeValueExpException("x"));
            RuntimeException e = assertThrows(RuntimeException.class, () -> map.get("gadget"));
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(t).append('\n');
            }
            assertTrue(chain.toString().contains("javax.management.BadAttributeValueExpException"), chain.toString());
            map.put("app", new AppValue("a-name"));
            assertEquals(new AppValue("a-name"), map.get("app"));
        } finally {
            map.destroy();
        }
    }
}
