package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.DictProxy;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Namespace;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.Value;

/**
 * What only the cluster context's Value, manager and serialization do, on three member JVMs
 * started once for the class: processes spread over members, cluster names, the order of a
 * cluster dict's keys, a manager with no server process, and Hazelcast's own serialization
 * filter. The contracts they share with every context are {@code ClusterValueArrayContractTest},
 * {@code ClusterManagerContractTest} and {@code ClusterPipeContractTest}.
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

    @Test
    void processesOnSeveralMembersShareAValueWhoseLockIsAClusterLock() throws Exception {
        IntValue counter = cluster.make(() -> Value.ofInt(0));
        Queue<Long> pids = cluster.queue();
        int processes = 4;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            ps.add(cluster.process(() -> {
                pids.put(ProcessHandle.current().pid());
                try (var _ = counter.getLock().hold()) {
                    counter.set(counter.get() + 1);
                }
            }));
        }
        runAll(ps);
        assertEquals(processes, counter.get());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < processes; i++) {
            seen.add(pids.get(LONG));
        }
        assertTrue(seen.size() > 1, "processes ran on more than one member: " + seen);
        assertTrue(members.pids().containsAll(seen), seen + " are member pids " + members.pids());
        assertTrue(counter.getLock().toString().contains("mp4j-lock-"), counter.getLock().toString());
    }

    @Test
    void aClusterDictKeepsItsKeysInOrderRefusesANullKeyAndIsWrittenOnMembers() throws Exception {
        Manager manager = cluster.manager();
        DictProxy<String, Object> d = manager.dict();
        d.put("b", 3);
        d.putAll(Map.of("a", 1, "c", "three"));
        d.put("n", null);
        assertEquals("{a=1, b=3, c=three, n=null}", d.toString());
        List<String> keys = new ArrayList<>();
        d.forEach((k, v) -> keys.add(k));
        assertEquals(List.of("a", "b", "c", "n"), keys);
        assertThrows(NullPointerException.class, () -> d.put(null, 1));
        runAll(List.of(cluster.process(() -> d.put("from-member", ProcessHandle.current().pid()))));
        assertTrue(members.pids().contains((Long) d.get("from-member")));
        Map<String, Map<String, Integer>> nested = manager.dict();
        nested.put("dict1", manager.dict());
        nested.get("dict1").put("key2", 13);
        nested.get("dict1").put("key1", 12);
        assertEquals("{key1=12, key2=13}", nested.get("dict1").toString());
    }

    @Test
    void theManagerIsTheClusterItself() throws Exception {
        Manager manager = cluster.manager();
        try (manager) {
            Namespace ns = manager.namespace();
            ns.set("x", 41);
            ns.set("nothing", null);
            ns.set("y", 42);
            assertEquals("Namespace(nothing=null, x=41, y=42)", ns.toString());
            Lock lock = manager.lock();
            assertTrue(lock.toString().contains("mp4j-lock-"), lock.toString());
            assertThrows(UnsupportedOperationException.class, () -> manager.create("x", Runnable.class));
        }
        assertEquals(0, manager.pid(), "no server process");
        assertTrue(manager.toString().contains("cluster"), manager.toString());
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
