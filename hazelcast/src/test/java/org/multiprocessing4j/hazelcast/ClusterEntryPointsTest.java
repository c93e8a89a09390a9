package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Queue;

/** The ways into the cluster context: a system property, a lite member, getContext by name. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnTimeout.class)
class ClusterEntryPointsTest {
    private static ClusterMembers members;

    @BeforeAll
    static void startCluster() {
        members = new ClusterMembers(2);
    }

    @AfterAll
    static void stopCluster() {
        if (members != null) {
            members.close();
        }
    }

    @Test
    void aLocalProgramRunsOnTheClusterWithTheContextPropertyAndExitsWhenMainReturns() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ClusterWorker.JVM_OPTIONS);
        command.addAll(List.of("-Dmp4j.context=cluster",
                "-Dmp4j.cluster.members=" + String.join(",", members.addresses()),
                "-Dmp4j.cluster.name=" + ClusterMembers.CLUSTER_NAME,
                "-cp", System.getProperty("java.class.path"), PropertyContextMain.class.getName()));
        java.lang.Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "cannot read the output: " + e;
            }
        });
        try {
            boolean exited = app.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                app.destroyForcibly();
            }
            String text = output.get(30, TimeUnit.SECONDS);
            assertTrue(exited, "the program exited after main returned: " + text);
            assertEquals(0, app.exitValue(), text);
            assertTrue(text.contains("context=cluster"), text);
            String pid = text.lines().filter(l -> l.startsWith("hello from pid ")).findFirst().orElseThrow()
                    .substring("hello from pid ".length());
            assertTrue(members.pids().contains(Long.parseLong(pid)), text);
            assertTrue(text.contains("exit=0"), text);
        } finally {
            app.destroyForcibly();
            app.waitFor();
        }
    }

    @Test
    void theApplicationCanJoinAsALiteMember() throws Exception {
        Context member = Cluster.joinAsMember(members.clusterConfig(), freePort(), "127.0.0.1");
        try {
            assertEquals("cluster", member.name());
            Queue<Integer> q = member.queue();
            var p = member.process(() -> q.put(42));
            p.start();
            assertEquals(42, q.get(Duration.ofSeconds(60)));
            assertTrue(p.join(Duration.ofSeconds(60)));
            assertTrue(members.pids().contains(p.pid()), "ran on a worker, not on the lite member");
        } finally {
            member.close();
        }
    }

    @Test
    void getContextByNameUsesTheProvider() {
        java.util.Properties settings = new java.util.Properties();
        settings.setProperty(ClusterConfig.MEMBERS_PROPERTY, String.join(",", members.addresses()));
        settings.setProperty(ClusterConfig.NAME_PROPERTY, ClusterMembers.CLUSTER_NAME);
        Context cluster = Multiprocessing.getContext("cluster", settings);
        try {
            assertEquals("cluster", cluster.name());
            assertEquals("spawn", Multiprocessing.context().name(), "the default is unchanged");
        } finally {
            cluster.close();
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Multiprocessing.getContext("nosuch"));
        assertTrue(e.getMessage().contains("cluster"), e.getMessage());
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
