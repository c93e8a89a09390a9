package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.manager.ProxyRef;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * What a client's death releases in a manager, with real server and client JVMs: a client's
 * objects go when it dies unless a live object refers to them.
 */
@ExtendWith(ChildCleanup.class)
class ManagerLifetimeTest {
    static final Duration HANG = ProcessTest.HANG;

    /**
     * Waits until the server holds {@code expected} objects. The server collects on its own thread
     * after it sees the client's connection close, so there is nothing to block on: this polls,
     * and the deadline only catches a hang.
     */
    static void awaitObjectCount(Manager m, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        int count;
        while ((count = m.objectCount()) != expected) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("objectCount=" + count + ", expected " + expected + " within " + HANG);
            }
            Thread.sleep(10);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKilledChildsObjectsAreReleasedButWhatItStoredInTheParentsDictSurvives() throws Exception {
        try (Manager m = Manager.start()) {
            Map<String, Object> outer = m.dict();
            int base = m.objectCount();
            ProxyRef root = m.root();
            Event ready = new Event();
            Process child = new Process(() -> {
                Manager c = Manager.attach(root);
                // kept: reachable from the parent's dict, through a dict and a list
                Map<String, Object> inner = c.dict();
                Map<String, Object> deep = c.dict();
                List<Object> items = c.list();
                Map<String, Object> leaf = c.dict();
                deep.put("answer", 42);
                leaf.put("leaf", true);
                items.add(leaf);
                inner.put("deep", deep);
                inner.put("items", items);
                outer.put("fromChild", inner);
                // garbage: plain ones, and a cycle no live process reaches
                c.list().add("x");
                c.namespace().set("y", 1);
                Map<String, Object> g1 = c.dict();
                Map<String, Object> g2 = c.dict();
                g1.put("other", g2);
                g2.put("other", g1);
                ready.set();
                new CountDownLatch(1).await(); // until killed
            });
            child.start();
            assertTrue(ready.await(HANG));
            assertEquals(base + 8, m.objectCount());
            child.kill(); // SIGKILL: nothing runs in the child, its connection is closed by the kernel
            assertTrue(child.join(HANG));
            awaitObjectCount(m, base + 4);

            Map<String, Object> inner = (Map<String, Object>) outer.get("fromChild");
            Map<String, Object> deep = (Map<String, Object>) inner.get("deep");
            assertEquals(42, deep.get("answer"));
            deep.put("after", 1); // the same managed dict, updated in place
            assertEquals(1, ((Map<String, Object>) inner.get("deep")).get("after"));
            List<Object> items = (List<Object>) inner.get("items");
            assertEquals(Map.of("leaf", true), items.get(0));
        }
    }

    @Test
    void aChildThatExitsReleasesWhatItMadeAndWhatItWasGiven() throws Exception {
        try (Manager m = Manager.start()) {
            Map<String, Object> outer = m.dict();
            int base = m.objectCount();
            ProxyRef root = m.root();
            Process child = new Process(() -> {
                Manager c = Manager.attach(root);
                Map<String, Object> mine = c.dict();
                mine.put("k", 1);
                outer.put("plain", "value");
            });
            child.start();
            ManagerTest.joinOk(child);
            awaitObjectCount(m, base);
            assertEquals("value", outer.get("plain")); // the parent still holds its own dict
        }
    }

    @Test
    void aRemoteClientsObjectsAreReleasedWhenItsTcpConnectionCloses() throws Exception {
        byte[] key = "lifetime key".getBytes();
        try (Manager m = Manager.start(new InetSocketAddress("127.0.0.1", 0), key)) {
            int port = m.port();
            Map<String, Object> outer = m.dict();
            int base = m.objectCount();
            Process remote = new Process(() -> {
                Manager c = Manager.connect(new InetSocketAddress("127.0.0.1", port), key);
                Map<String, Object> kept = c.dict();
                kept.put("from", "remote");
                c.dict().put("garbage", 1);
                outer.put("kept", kept);
            });
            remote.start();
            ManagerTest.joinOk(remote);
            awaitObjectCount(m, base + 1);
            assertEquals(Map.of("from", "remote"), outer.get("kept"));
        }
    }

    @Test
    void aProxyWhoseEveryHolderExitedBeforeItWasReadIsRefusedNamingIt() throws Exception {
        try (Manager m = Manager.start()) {
            int base = m.objectCount();
            ProxyRef root = m.root();
            Queue<Map<String, Object>> q = new Queue<>();
            Process child = new Process(() -> {
                Map<String, Object> d = Manager.attach(root).dict();
                d.put("k", 1);
                q.put(d); // in flight: only the child holds it, and the child exits
            });
            child.start();
            ManagerTest.joinOk(child);
            awaitObjectCount(m, base);
            RuntimeException e = assertThrows(RuntimeException.class, q::get);
            assertTrue(String.valueOf(e.getMessage()).contains("was released"), String.valueOf(e));
        }
    }

    /** A custom type that keeps a managed map passed to it. */
    public interface Holder {
        void hold(Map<String, Object> m);

        Map<String, Object> held();
    }

    static final class HolderImpl implements Holder {
        private Map<String, Object> held;

        @Override
        public void hold(Map<String, Object> m) {
            held = m;
        }

        @Override
        public Map<String, Object> held() {
            return held;
        }
    }

    @Test
    void aMapPassedToACustomObjectLivesAsLongAsThatObject() throws Exception {
        try (Manager m = Manager.builder().register("Holder", Holder.class, HolderImpl::new).start()) {
            Holder holder = m.create("Holder", Holder.class);
            int base = m.objectCount();
            ProxyRef root = m.root();
            Process child = new Process(() -> {
                Map<String, Object> d = Manager.attach(root).dict();
                d.put("k", "kept by the holder");
                holder.hold(d);
                Manager.attach(root).dict(); // garbage
            });
            child.start();
            ManagerTest.joinOk(child);
            awaitObjectCount(m, base + 1);
            assertEquals("kept by the holder", holder.held().get("k"));
        }
    }
}
