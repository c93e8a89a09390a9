package org.multiprocessing4j.fory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.DeserializationException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.internal.serial.PluginCodecs;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * The {@code "fory"} codec in real pools of child JVMs: arguments and results of every shape go
 * through Fory both ways (shown by a class that is not {@code Serializable}, which only Fory
 * carries), the deserialization policy refuses a denied class, and the errors name what to change.
 */
@Timeout(300)
@ExtendWith(ChildCleanup.class)
class ForyCodecTest {
    /** Not Serializable: Java serialization refuses it, Fory carries it. */
    record Line(String sku, int quantity, double price) {}

    /** Not Serializable either. */
    record Order(long id, List<Line> lines, Map<String, String> notes) {}

    record Total(long id, double amount, int lines) {}

    static List<Order> orders(int n) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Line> lines = new ArrayList<>();
            for (int j = 0; j <= i % 5; j++) {
                lines.add(new Line("sku-" + i + "-" + j, j + 1, 0.5 * (i + j)));
            }
            Map<String, String> notes = new HashMap<>();
            notes.put("customer", "c" + (i % 7));
            orders.add(new Order(i, lines, notes));
        }
        return orders;
    }

    static Total total(Order o) {
        double amount = 0;
        for (Line l : o.lines()) {
            amount += l.quantity() * l.price();
        }
        return new Total(o.id(), amount, o.lines().size());
    }

    @Test
    void aPoolWithTheForyCodecCarriesArgumentsAndResultsThatJavaSerializationCannot() throws Exception {
        List<Order> orders = orders(500);
        List<Total> expected = orders.stream().map(ForyCodecTest::total).toList();
        try (Pool pool = Pool.builder().processes(2).codec("fory").build()) {
            assertEquals(expected, pool.map(ForyCodecTest::total, orders));
            // results that are graphs: the orders themselves come back whole, shared references kept
            List<Order> echoed = pool.map(o -> o, orders.subList(0, 50), 7);
            assertEquals(orders.subList(0, 50), echoed);
            List<Object> shared = pool.map(o -> {
                Line l = o.lines().get(0);
                return List.of(l, l);
            }, orders.subList(0, 10));
            for (Object pair : shared) {
                List<?> p = (List<?>) pair;
                assertTrue(p.get(0) == p.get(1), "a shared reference comes back shared");
            }
            // the scalar fast path stays: ints and strings travel as before
            assertEquals(List.of(0, 1, 4, 9), pool.map((Integer x) -> x * x, List.of(0, 1, 2, 3)));
            // starmap's argument columns go through the codec as well
            assertEquals(List.of(3.0, 8.0), pool.starmap((Line l, Integer k) -> l.price() * l.quantity() * k,
                    List.of(new org.multiprocessing4j.Tuple2<>(new Line("x", 1, 1.5), 2),
                            new org.multiprocessing4j.Tuple2<>(new Line("y", 2, 2.0), 2))));
            List<Total> viaImap = new ArrayList<>();
            pool.imap(ForyCodecTest::total, orders.subList(0, 20)).forEach(viaImap::add);
            assertEquals(expected.subList(0, 20), viaImap);
        }
        // the same map without the codec fails: the records are not Serializable
        try (Pool pool = new Pool(1)) {
            Exception e = assertThrows(Exception.class, () -> pool.map(ForyCodecTest::total, orders.subList(0, 2)));
            assertTrue(String.valueOf(e.getMessage()).contains("Serializable")
                    || String.valueOf(e.getMessage()).contains(Line.class.getName().replace('$', '.'))
                    || String.valueOf(e.getMessage()).contains("Line"), e.toString());
        }
    }

    /** A class this test denies with {@code Multiprocessing.denyClasses} (nothing else uses it). */
    record Secret(String value) {}

    /** The messages of {@code t} and its causes, joined. */
    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            b.append(t).append(" / ");
        }
        return b.toString();
    }

    @Test
    void deniedClassesAreRefusedByThePolicyAndByForysOwnListAndThePoolCarriesOn() throws Exception {
        Multiprocessing.denyClasses(Secret.class.getName()); // before the pool: its workers inherit it
        try (Pool pool = Pool.builder().processes(1).codec("fory").build()) {
            Exception e = assertThrows(Exception.class, () -> pool.map(l -> new Secret(l.sku()), List.of(new Line("a", 1, 1))));
            String all = messages(e);
            assertTrue(all.contains(Secret.class.getName()) && all.contains("denyClasses"), all);
            // a built-in gadget class: refused (by Fory's own list at the worker's encode, or by the policy)
            Exception g = assertThrows(Exception.class, () -> pool.map(
                    x -> List.of(new javax.management.BadAttributeValueExpException("x")), List.of(new Line("a", 1, 1))));
            assertTrue(messages(g).contains("BadAttributeValueExpException"), messages(g));
            // and the pool works on
            assertEquals(List.of(new Total(1, 2.0, 1)), pool.map(o -> new Total(1, 2.0, o.lines().size()),
                    List.of(new Order(1, List.of(new Line("s", 1, 2.0)), Map.of()))));
        }
        // Fory checks each class when it first meets it, writing as well as reading: here too
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> frameOf(new Secret("x")));
        assertTrue(messages(w).contains(Secret.class.getName()) && messages(w).contains("denyClasses"), messages(w));
    }

    static byte[] frameOf(Object value) {
        WireMessage m = Serialization.toMessage(value, 0, PluginCodecs.named("fory"));
        return java.util.Arrays.copyOf(m.bytes(), m.length());
    }

    @Test
    void framesOfTheCodecRoundTripAndNetworkChannelsRefuseThem() {
        var codec = PluginCodecs.named("fory");
        Order o = orders(3).get(2);
        WireMessage m = Serialization.toMessage(o, 0, codec);
        byte[] frame = java.util.Arrays.copyOf(m.bytes(), m.length());
        assertEquals(ForyCodec.ID, frame[0]);
        assertEquals(o, Serialization.fromFrame(frame));
        DeserializationException net = assertThrows(DeserializationException.class,
                () -> Serialization.fromNetworkFrame(frame));
        assertTrue(net.getMessage().contains("network"), net.getMessage());
        // a scalar stays on the library's own path
        assertTrue(Serialization.toMessage(42, 0, codec).bytes()[0] != ForyCodec.ID);
        // malformed bytes fail clearly
        byte[] cut = java.util.Arrays.copyOf(frame, 3);
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(cut));
    }

    @Test
    void anUnknownCodecNameFailsAtTheBuilderListingTheCodecsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder().codec("kryo"));
        assertTrue(e.getMessage().contains("kryo") && e.getMessage().contains("jdk") && e.getMessage().contains("fory"),
                e.getMessage());
    }
}
