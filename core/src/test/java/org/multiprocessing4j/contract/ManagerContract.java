package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Array;
import org.multiprocessing4j.DictProxy;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.ListProxy;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Namespace;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.Value;

/** The contract of a {@link Manager}'s dict, list and namespace, and of its factories, across processes. */
public abstract class ManagerContract extends ContextContract {
    static void f(Map<String, Map<String, Integer>> d, String key1, String key2, int value) {
        d.get(key1).put(key2, value + 1); // updates the nested managed dict in place
    }

    @Test
    public void theSeedsNestedDictsAndANamespaceAreUpdatedInPlaceByOtherProcesses() throws Exception {
        try (Manager manager = context().manager()) {
            Map<String, Map<String, Integer>> d = manager.dict();
            d.put("dict1", manager.dict());
            d.put("dict2", manager.dict());
            joinAllOk(startAll(List.of(
                    () -> f(d, "dict1", "key1", 11),
                    () -> f(d, "dict1", "key2", 12),
                    () -> f(d, "dict2", "key1", 21),
                    () -> f(d, "dict2", "key2", 22))));
            assertEquals(Map.of("key1", 12, "key2", 13), d.get("dict1"));
            assertEquals(Map.of("key1", 22, "key2", 23), Map.copyOf(d.get("dict2")));
            assertEquals(2, d.size());
            assertTrue(d.containsKey("dict2"));
            assertEquals(d.get("dict1"), d.get("dict1"));

            Namespace ns = manager.namespace();
            ns.set("x", 41);
            ns.set("nothing", null);
            joinOk(start(() -> ns.set("y", (Integer) ns.get("x") + 1)));
            assertEquals(42, ns.get("y"));
            assertTrue(ns.has("nothing"));
            assertNull(ns.get("nothing"));
            assertTrue(ns.toString().startsWith("Namespace("), ns.toString());
            assertTrue(ns.delete("x"));
            assertFalse(ns.delete("x"));
            assertThrows(NoSuchElementException.class, () -> ns.get("x"));
        }
    }

    @Test
    public void aDictBehavesAsAMapAProxyTravelsThroughAQueueAndTheFactoriesMakeSharedObjects() throws Exception {
        try (Manager manager = context().manager()) {
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
            Map<String, Object> expected = new HashMap<>();
            expected.put("a", 1);
            expected.put("b", 3);
            expected.put("c", "three");
            expected.put("n", null);
            assertEquals(expected, d);
            assertEquals(expected, new HashMap<>(d));
            Set<String> keys = new HashSet<>();
            d.forEach((k, v) -> keys.add(k));
            assertEquals(Set.of("a", "b", "c", "n"), keys);
            assertEquals(3, d.remove("b"));
            Queue<Object> back = context().queue();
            joinOk(start(() -> {
                back.put(d.get("c"));
                d.put("from another process", "here");
            }));
            assertEquals("three", back.get(HANG));
            assertEquals("here", d.get("from another process"));
            d.clear();
            assertTrue(d.isEmpty());

            Map<String, Integer> viaQueue = manager.dict();
            Queue<Map<String, Integer>> carrier = context().queue();
            carrier.put(viaQueue);
            joinOk(start(() -> carrier.get().put("via", 1)));
            assertEquals(1, viaQueue.get("via"));

            Lock lock = manager.lock();
            Queue<String> q = manager.queue();
            Value v = manager.value('i', 5);
            Array a = manager.array('d', 3);
            joinOk(start(() -> {
                try (var _ = lock.hold()) {
                    ((IntValue) v).incrementAndGet();
                }
                ((DoubleArray) a).set(2, 2.5);
                q.put("queued by another process");
            }));
            assertEquals(6, v.getObject());
            assertEquals(List.of(0.0, 0.0, 2.5), a.toList());
            assertEquals("queued by another process", q.get(HANG));
            assertTrue(lock.acquire(HANG));
            lock.release();
        }
    }

    @Test
    public void listOperationsReachTheSameListFromAnotherProcess() throws Exception {
        try (Manager manager = context().manager()) {
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
            joinOk(start(() -> {
                l.add("from another process");
                l.add(0, "first");
                l.remove(null);
            }));
            assertEquals(Arrays.asList("first", "a", "B", 2, "from another process"), l);
            List<Object> iterated = new ArrayList<>();
            l.forEach(iterated::add);
            assertEquals(List.of("first", "a", "B", 2, "from another process"), iterated);
            List<Integer> plain = new ArrayList<>(List.of(1));
            l.add(plain);
            plain.add(2); // a plain value is a copy: the managed list keeps [1]
            assertEquals(List.of(1), l.get(5));
            assertThrows(IndexOutOfBoundsException.class, () -> l.get(10));
            l.clear();
            assertTrue(l.isEmpty());
            assertThrows(IndexOutOfBoundsException.class, () -> l.get(0));
        }
    }

    @Test
    public void aSerializedProxyReachesTheSameObject() throws Exception {
        try (Manager manager = context().manager()) {
            ListProxy<Object> l = manager.list();
            l.add("a");
            ListProxy<?> copy = ValueArrayContract.roundTrip(l);
            assertEquals(List.of("a"), copy);
            copy.clear();
            assertTrue(l.isEmpty());
            DictProxy<String, Integer> d = manager.dict();
            DictProxy<String, Integer> dCopy = ValueArrayContract.roundTrip(d);
            dCopy.put("k", 1);
            assertEquals(1, d.get("k"));
        }
    }
}
