package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * What only the cluster context's Process, Pool and Lock do, on three member JVMs started once for
 * the class: output printed by the starter, exit codes, work spread over members, and what a
 * member that dies does. The contracts every context shares are the {@code Cluster*ContractTest}
 * suites. The tests that kill members come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterContextTest extends ThreeMemberClusterTest {
    /** Runs {@code body} with System.out and System.err copied into the returned text. */
    private static String captured(ThrowingRunnable body) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(copy, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        try {
            body.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = copy.toString(StandardCharsets.UTF_8);
        out.print(text);
        return text;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @Order(1)
    void processRunsOnAMemberAndItsOutputIsPrintedHereBeforeJoinReturns() throws Exception {
        Queue<Long> pids = cluster.queue();
        Process p = cluster.process(() -> {
            System.out.println("hello from the cluster");
            pids.put(ProcessHandle.current().pid());
        });
        String out = captured(() -> {
            p.start();
            p.join();
        });
        assertTrue(out.contains("hello from the cluster"), out);
        assertEquals(0, p.exitCode().orElseThrow());
        assertTrue(members.pids().contains(p.pid()), "pid " + p.pid() + " is a member's: " + members.pids());
        assertEquals(p.pid(), pids.get(LONG));
        assertFalse(p.isAlive());
    }

    @Test
    @Order(2)
    void anExceptionInTheProcessGivesExitCode1AndItsTraceback() throws Exception {
        Process p = cluster.process(() -> {
            throw new IllegalStateException("broken on purpose");
        });
        String out = captured(() -> {
            p.start();
            p.join();
        });
        assertEquals(1, p.exitCode().orElseThrow());
        assertTrue(out.contains("Process " + p.name() + ":"), out);
        assertTrue(out.contains("IllegalStateException: broken on purpose"), out);
    }

    @Test
    @Order(3)
    void terminateStopsABlockedProcess() throws Exception {
        Queue<String> never = cluster.queue();
        Process p = cluster.process(never::get);
        p.start();
        assertFalse(p.join(Duration.ofMillis(200)));
        p.terminate();
        assertTrue(p.join(LONG));
        assertEquals(-15, p.exitCode().orElseThrow());
    }

    @Test
    @Order(7)
    void poolWorkersSpreadOverTheMembers() throws Exception {
        try (Pool pool = cluster.pool(3)) {
            List<Integer> input = IntStream.range(0, 300).boxed().toList();
            List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), input, 1);
            Set<Long> used = new HashSet<>(pids);
            assertTrue(used.size() > 1, "more than one member worked: " + used);
            assertTrue(members.pids().containsAll(used), used + " are member pids " + members.pids());
        }
    }

    @Test
    @Order(7)
    void aClusterPoolRefusesAPluginCodecWhoseFramesWouldCrossTheNetwork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cluster.make(() -> Pool.builder().processes(2).codec("test-echo").build()));
        assertTrue(e.getMessage().contains("test-echo") && e.getMessage().contains("other machines"), e.getMessage());
    }

    @Test
    @Order(8)
    void aPoolWhoseClientIsClosedUnderItFailsItsWorkRatherThanRetryingForever() throws Exception {
        Pool pool = cluster.pool(2);
        try {
            var results = pool.imap(x -> {
                long end = System.nanoTime() + 200_000_000L; // work that ends by itself on the members
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return x;
            }, IntStream.range(0, 50).boxed().toList(), 1);
            assertEquals(0, results.next(), "the pool ran");
            cluster.close(); // its client, and so the pool's queues, are gone under the running map
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
                while (results.hasNext()) {
                    results.next();
                }
            }, "the map fails (the class's timeout catches a hang)");
            System.err.println("after the client closed, the map failed with: " + e);
        } finally {
            try {
                pool.terminate();
            } catch (RuntimeException ignored) {
                // its client is gone
            }
            cluster = Cluster.connect(members.clusterConfig()); // for the tests after this one
        }
    }

    @Test
    @Order(90)
    void aLockIsReleasedWhenTheMemberOfItsHolderDies() throws Exception {
        Lock lock = cluster.lock();
        Queue<String> events = cluster.queue();
        Queue<String> never = cluster.queue();
        Process holder = cluster.process(() -> {
            lock.acquire();
            events.put("held");
            never.get();
        });
        holder.start();
        assertEquals("held", events.get(LONG));
        assertFalse(lock.acquire(Duration.ZERO));
        members.kill(members.pids().indexOf(holder.pid()));
        assertTrue(lock.acquire(LONG), "the dead member's lock was released");
        lock.release();
        assertTrue(holder.join(LONG));
        assertEquals(-9, holder.exitCode().orElseThrow());
    }

    @Test
    @Order(91)
    void aMemberKilledMidMapLeavesEveryResultDeliveredOnce() throws Exception {
        int n = 400;
        try (Pool pool = cluster.pool(4)) {
            List<Integer> input = IntStream.range(0, n).boxed().toList();
            List<Integer> results = new ArrayList<>();
            var it = pool.imap(x -> {
                Thread.sleep(5);
                return x * 2;
            }, input, 1);
            Set<Long> pids = new HashSet<>(pool.workerPids());
            long alive = members.pids().stream().filter(pids::contains)
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).findFirst().orElseThrow();
            while (it.hasNext()) {
                results.add(it.next());
                if (results.size() == 40) {
                    members.kill(members.pids().indexOf(alive));
                }
            }
            assertEquals(input.stream().map(x -> x * 2).toList(), results);
        }
    }
}
