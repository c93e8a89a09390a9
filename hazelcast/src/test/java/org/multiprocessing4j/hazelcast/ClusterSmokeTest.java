package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** Three worker members in three JVMs on loopback, and a client in the test JVM. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnTimeout.class)
class ClusterSmokeTest {
    private static ClusterMembers members;
    private static HazelcastInstance client;

    @BeforeAll
    static void startCluster() {
        long start = System.nanoTime();
        members = new ClusterMembers(3);
        long formed = System.nanoTime();
        client = ClusterConnections.client(members.clusterConfig());
        awaitTrue(() -> client.getCluster().getMembers().size() == 3, 30_000, "client sees 3 members");
        System.err.printf("ClusterSmokeTest: 3 members ready in %d ms, client connected after %d ms more%n",
                (formed - start) / 1_000_000, (System.nanoTime() - formed) / 1_000_000);
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.shutdown();
        }
        if (members != null) {
            members.close();
        }
    }

    @Test
    @Order(1)
    void threeMembersFormOneCluster() {
        Set<Member> seen = client.getCluster().getMembers();
        assertEquals(3, seen.size());
        Set<String> addresses = new HashSet<>();
        for (Member m : seen) {
            addresses.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
            assertEquals("worker", m.getAttribute(ClusterWorker.ROLE_ATTRIBUTE));
        }
        assertEquals(Set.copyOf(members.addresses()), addresses);
    }

    @Test
    @Order(2)
    void mapPutAndGetThroughTheClient() {
        IMap<String, Integer> map = client.getMap("smoke");
        for (int i = 0; i < 100; i++) {
            map.put("k" + i, i);
        }
        assertEquals(100, map.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, map.get("k" + i));
        }
    }

    @Test
    @Order(3)
    void executorTaskRunsOnEachMember() throws Exception {
        IExecutorService executor = client.getExecutorService(ClusterWorker.EXECUTOR);
        Map<Member, Future<String>> futures = new HashMap<>();
        for (Member m : client.getCluster().getMembers()) {
            futures.put(m, executor.submitToMember(new LocalPid(), m));
        }
        Set<Long> pids = new HashSet<>();
        for (var e : futures.entrySet()) {
            String pid = e.getValue().get(30, TimeUnit.SECONDS);
            assertEquals(e.getKey().getAttribute(ClusterWorker.PID_ATTRIBUTE), pid);
            pids.add(Long.parseLong(pid));
        }
        assertEquals(Set.copyOf(members.pids()), pids);
    }

    @Test
    @Order(4)
    void killedMemberLeavesTheCluster() {
        long start = System.nanoTime();
        members.kill(2);
        awaitTrue(() -> client.getCluster().getMembers().size() == 2, 60_000, "client sees 2 members");
        System.err.printf("ClusterSmokeTest: killed member dropped after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        IMap<String, Integer> map = client.getMap("smoke");
        map.put("after-kill", 1);
        assertEquals(1, map.get("after-kill"));
    }

    @Test
    @Order(5)
    void closeLeavesNoMemberJvm() {
        List<Long> pids = members.pids();
        client.shutdown();
        long start = System.nanoTime();
        members.close();
        System.err.printf("ClusterSmokeTest: close took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "member pid " + pid + " alive");
        }
    }

    @Test
    @Order(6)
    void missingClusterFailsWithinTheTimeoutNamingTheAddresses() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ClusterConfig nowhere = ClusterConfig.members("127.0.0.1:" + port);
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterConnections.client(nowhere));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertTrue(millis < 20_000, "gave up after " + millis + " ms");
    }

    private static void awaitTrue(BooleanSupplier condition, long timeoutMillis, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeoutMillis + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /** Returns the {@code mp4j.pid} attribute of the member it runs on. */
    static final class LocalPid implements Callable<String>, Serializable, HazelcastInstanceAware {
        @Serial
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance member;

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public String call() {
            return member.getCluster().getLocalMember().getAttribute(ClusterWorker.PID_ATTRIBUTE);
        }
    }
}
