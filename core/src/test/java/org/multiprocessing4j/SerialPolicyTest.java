package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.BadAttributeValueExpException;
import net.partner.dto.Order;
import net.partner.gadget.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * The deserialization policy (any class of the class path except known gadgets, with overrides)
 * and its limits, through real child JVMs, queues, a pool and a TCP manager.
 */
@ExtendWith(ChildCleanup.class)
class SerialPolicyTest {
    static final Duration HANG = ProcessTest.HANG;

    /** A linked node: its serialized form nests one level per node. */
    record Node(int value, Node next) implements Serializable {
        static Node chain(int length) {
            Node n = null;
            for (int i = 0; i < length; i++) {
                n = new Node(i, n);
            }
            return n;
        }
    }

    /** An application class that extends a denied one (never instantiated: that would export it). */
    static final class Exported extends java.rmi.server.UnicastRemoteObject {
        private static final long serialVersionUID = 1L;

        Exported() throws java.rmi.RemoteException {}
    }

    /** An array inside a record, so that it takes Java serialization rather than the scalar codec. */
    record Holder(int[] values) implements Serializable {}

    @Test
    void aClassOfAnArbitraryPackageTravelsThroughProcessPoolAndQueueWithoutConfiguration() throws Exception {
        Order order = new Order("o-1", List.of("apple"));
        Queue<Order> q = new Queue<>();
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                System.out.println("child-order=" + order.id() + "/" + order.lines());
                q.put(order.with("pear"));
            });
            p.start();
            assertEquals("o-1/[apple]", out.awaitValue("child-order=", HANG));
            assertEquals(new Order("o-1", List.of("apple", "pear")), q.get(HANG));
            QueueTest.joinOk(p);
        }
        try (Pool pool = new Pool(1)) {
            List<Order> r = pool.map((Order o) -> o.with("fig"), List.of(order, new Order("o-2", List.of())));
            assertEquals(List.of(new Order("o-1", List.of("apple", "fig")), new Order("o-2", List.of("fig"))), r);
        }
        q.close();
    }

    @Test
    void aKnownGadgetClassIsRefusedNamingTheClassTheRuleAndTheSetting() throws Exception {
        byte[] frame = Serialization.toFrame(new BadAttributeValueExpException("x"));
        DeserializationException e = assertThrows(DeserializationException.class, () -> Serialization.fromFrame(frame));
        assertTrue(e.getMessage().contains("javax.management.BadAttributeValueExpException"), e.getMessage());
        assertTrue(e.getMessage().contains("built-in rule javax.management.**"), e.getMessage());
        assertTrue(e.getMessage().contains("mp4j.serial.allow"), e.getMessage());
        // a subclass of a denied class is refused; RMI's exceptions, outside the denied trees, are not
        assertTrue(!org.multiprocessing4j.internal.serial.ClassAllowList.isAllowed(Exported.class));
        assertTrue(org.multiprocessing4j.internal.serial.ClassAllowList.isAllowed(java.rmi.ConnectException.class));

        // through a queue from a child: the parent's get throws the public exception, the queue keeps working
        Queue<Object> q = new Queue<>();
        Process p = new Process(() -> {
            q.put(new BadAttributeValueExpException("from the child"));
            q.put("after");
        });
        p.start();
        DeserializationException g = assertThrows(DeserializationException.class, () -> q.get(HANG));
        assertTrue(g.getMessage().contains("javax.management.BadAttributeValueExpException"), g.getMessage());
        assertEquals("after", q.get(HANG));
        QueueTest.joinOk(p);
        q.close();

        // a pool result of a denied class: the caller's apply throws it, and the pool stays usable
        try (Pool pool = new Pool(1)) {
            DeserializationException r = assertTimeoutPreemptively(HANG, () -> assertThrows(DeserializationException.class,
                    () -> pool.apply(() -> new BadAttributeValueExpException("a result"))));
            assertTrue(r.getMessage().contains("javax.management.BadAttributeValueExpException"), r.getMessage());
            assertEquals(7, (int) assertTimeoutPreemptively(HANG, () -> pool.apply(() -> 7)));
        }
    }

    @Test
    void aUserDenyRefusesAndAnExplicitAllowWins() throws Exception {
        Multiprocessing.denyClasses("net.partner.gadget.**");
        byte[] frame = Serialization.toFrame(new Trigger("t"));
        DeserializationException e = assertThrows(DeserializationException.class, () -> Serialization.fromFrame(frame));
        assertTrue(e.getMessage().contains("net.partner.gadget.Trigger"), e.getMessage());
        assertTrue(e.getMessage().contains("rule net.partner.gadget.**"), e.getMessage());
        // the deny is inherited by children: a child cannot decode its task
        Trigger t = new Trigger("in the child");
        try (var err = CapturedOutput.stderr()) {
            Process p = new Process(() -> System.out.println(t.payload()));
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(java.util.OptionalInt.of(1), p.exitCode());
            err.awaitLine(l -> l.contains("net.partner.gadget.Trigger is refused"), HANG);
        }
        Multiprocessing.allowClasses("net.partner.gadget.Trigger");
        assertEquals(new Trigger("t"), Serialization.fromFrame(frame));
    }

    @Test
    void aLocalQueueRefusesAGraphBeyondTheDepthOrArrayLimitAndKeepsWorking() throws Exception {
        Queue<Object> q = new Queue<>();
        try {
            System.setProperty("mp4j.serial.maxDepth", "50");
            System.setProperty("mp4j.serial.maxArray", "1000");
            Process p = new Process(() -> {
                q.put(Node.chain(200));
                q.put(new Holder(new int[5000]));
                q.put(Node.chain(10));
            });
            p.start();
            DeserializationException deep = assertThrows(DeserializationException.class, () -> q.get(HANG));
            assertTrue(deep.getMessage().contains("maxDepth=50"), deep.getMessage());
            assertTrue(deep.getMessage().contains("-Dmp4j.serial.maxDepth="), deep.getMessage());
            DeserializationException wide = assertThrows(DeserializationException.class, () -> q.get(HANG));
            assertTrue(wide.getMessage().contains("array length reached 5000"), wide.getMessage());
            assertTrue(wide.getMessage().contains("mp4j.serial.maxArray"), wide.getMessage());
            assertEquals(Node.chain(10), q.get(HANG));
            QueueTest.joinOk(p);
        } finally {
            System.clearProperty("mp4j.serial.maxDepth");
            System.clearProperty("mp4j.serial.maxArray");
            q.close();
        }
        // the defaults take deep and large data on a local channel
        byte[] big = Serialization.toFrame(new Holder(new int[4_000_000]));
        assertEquals(4_000_000, ((Holder) Serialization.fromFrame(big)).values().length);
        assertEquals(Node.chain(500), Serialization.fromFrame(Serialization.toFrame(Node.chain(500))));
    }

    /** The classic nested-HashSet bomb: 2^depth work to rebuild, a few kilobytes to send. */
    static Set<Object> hashSetBomb(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("x"); // t1 and t2 differ, so each set holds two
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    @Test
    void anAuthenticatedClientsHashSetBombFailsFastAndTheManagerKeepsServing() throws Exception {
        byte[] key = "serial policy key".getBytes();
        try (Manager manager = Manager.start(new InetSocketAddress("127.0.0.1", 0), key)) {
            Map<String, Object> d = manager.dict();
            Set<Object> bomb = hashSetBomb(100);
            DeserializationException e = assertTimeoutPreemptively(HANG,
                    () -> assertThrows(DeserializationException.class, () -> d.put("bomb", bomb)));
            assertTrue(e.getMessage().contains("maxDepth="), e.getMessage());
            assertTrue(e.getMessage().contains("mp4j.serial.net.maxDepth"), e.getMessage());
            assertTimeoutPreemptively(HANG, () -> {
                d.put("ok", 1);
                assertEquals(1, d.get("ok"));
            });
            // an unrelated authenticated client is served meanwhile too
            Queue<String> answers = new Queue<>();
            Process client = new Process(() -> {
                d.put("client", "here");
                answers.put(String.valueOf(d.get("client")));
            });
            client.start();
            assertEquals("here", answers.get(HANG));
            QueueTest.joinOk(client);
            answers.close();
        }
    }
}
