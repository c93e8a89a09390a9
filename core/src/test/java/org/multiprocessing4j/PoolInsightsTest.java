package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool's insights, its MXBean and its flight-recorder events, with real worker JVMs: what a
 * user reads in {@code pool.insights()}, in JConsole and in a recording opened with {@code jfr}.
 */
class PoolInsightsTest {
    static final Duration HANG = ProcessTest.HANG;

    /** Task 37 takes 80 ms, the others about a millisecond: the insights must name 37 first. */
    static int work(int x) throws InterruptedException {
        Thread.sleep(x == 37 ? 80 : 1);
        return x * x;
    }

    @Test
    void insightsCountEveryTaskAndNameTheSlowestWithTheTimeOfEachWorker() throws Exception {
        try (Pool pool = new Pool(2)) {
            List<Integer> out = pool.map(PoolInsightsTest::work, IntStream.range(0, 100).boxed().toList(), 5);
            assertEquals(IntStream.range(0, 100).map(x -> x * x).boxed().toList(), out);
            PoolInsights in = pool.insights();
            assertEquals(100, in.completed());
            assertEquals(0, in.failed());
            assertEquals(100, in.total().tasks());
            assertEquals(20, in.total().chunks());
            assertEquals(2, in.workers().size());
            Set<Long> pids = new HashSet<>(pool.workerPids());
            long sum = 0;
            for (PoolInsights.Worker w : in.workers()) {
                assertTrue(pids.contains(w.pid()), w + " is one of " + pids);
                assertTrue(w.alive());
                assertNotNull(w.startup(), "a worker that ran tasks was ready: " + w);
                assertTrue(w.startup().toMillis() > 0 && w.startup().compareTo(HANG) < 0, w.toString());
                sum += w.tasks();
            }
            assertEquals(100, sum);
            // 99 tasks of >= 1 ms and one of >= 80 ms ran
            assertTrue(in.total().working().toMillis() >= 99 + 80, in.toString());
            PoolInsights.SlowTask slowest = in.slowest().getFirst();
            assertEquals(37, slowest.task(), in.toString());
            assertTrue(slowest.duration().toMillis() >= 80, in.toString());
            assertTrue(pids.contains(slowest.pid()));
            String table = in.toString();
            assertTrue(table.contains("task 37 of job 0"), table);
            assertTrue(table.contains("waiting") && table.contains("serializing") && table.contains("working"), table);
            System.out.println(table);
        }
    }

    @Test
    void theCountersSayWhatFailedTimedOutAndWasRetried() throws Exception {
        try (Pool pool = Pool.builder().processes(2).retries(1, e -> e instanceof IllegalStateException).build()) {
            assertThrows(TaskTimeoutException.class, () -> pool.apply(PoolProductionTest::sleepForAMinute,
                    Duration.ofMillis(200)));
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> pool.applyAsync(() -> {
                throw new IllegalArgumentException("not retried");
            }).get(HANG));
            assertTrue(thrown.getCause() instanceof IllegalArgumentException, thrown.toString());
            assertThrows(ExecutionException.class, () -> pool.applyAsync(() -> {
                throw new IllegalStateException("retried once, then failed");
            }).get(HANG));
            assertEquals(9, pool.apply(() -> 9));
            PoolInsights in = pool.insights();
            assertEquals(1, in.timedOut(), in.toString());
            assertEquals(3, in.failed(), in.toString());
            assertEquals(1, in.retried(), in.toString());
            assertEquals(1, in.completed(), in.toString());
            assertEquals(0, in.lost(), in.toString());
            // the killed worker is listed among those gone, and still counted in the total
            assertTrue(in.workers().size() >= 3, in.toString());
            assertTrue(in.workers().stream().anyMatch(w -> !w.alive()), in.toString());
        }
    }

    @Test
    void theMxBeanIsRegisteredReadsThePoolsCountersAndGoesWithThePool() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try (Pool pool = new Pool(2)) {
            name = pool.mxBeanName();
            assertTrue(server.isRegistered(name), name.toString());
            PoolMXBean bean = JMX.newMXBeanProxy(server, name, PoolMXBean.class);
            assertEquals(2, bean.getWorkers());
            pool.map(x -> x + 1, IntStream.range(0, 1000).boxed().toList());
            assertEquals(1000, bean.getCompletedTasks());
            assertEquals(0, bean.getFailedTasks());
            assertEquals(0, bean.getQueuedChunks());
            assertEquals(0, bean.getBusyWorkers());
            assertEquals(name.getKeyProperty("name"), bean.getName());
            assertEquals(1000L, server.getAttribute(name, "CompletedTasks"), "as JConsole reads it");
        }
        assertFalse(server.isRegistered(name), "unregistered with the pool");
        // a pool made while the platform server exists registers at once
        try (Pool pool = new Pool(1)) {
            Set<ObjectName> pools = server.queryNames(new ObjectName("org.multiprocessing4j:type=Pool,*"), null);
            assertTrue(pools.contains(pool.mxBeanName()), pools.toString());
        }
    }

    @Test
    void aRecordingShowsJobsAndWorkersInTheParentAndChunksAndTasksInTheWorkers(@TempDir Path tmp) throws Exception {
        Path parentFile = tmp.resolve("parent.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.multiprocessing4j.PoolJob");
            recording.enable("org.multiprocessing4j.PoolWorkerStarted");
            recording.enable("org.multiprocessing4j.PoolWorkerExited");
            recording.start();
            try (Pool pool = Pool.builder().processes(2)
                    .jvmOptions("-XX:StartFlightRecording:filename=" + tmp + "/worker-%p.jfr").build()) {
                pool.map(PoolInsightsTest::work, IntStream.range(0, 40).boxed().toList(), 4);
                assertEquals(5, pool.apply(() -> 5));
            }
            recording.stop();
            recording.dump(parentFile);
        }
        List<RecordedEvent> parent = RecordingFile.readAllEvents(parentFile);
        List<RecordedEvent> jobs = ofType(parent, "org.multiprocessing4j.PoolJob");
        assertEquals(2, jobs.size(), parent.toString());
        assertEquals(40, jobs.getFirst().getLong("tasks"));
        assertEquals(10, jobs.getFirst().getInt("chunks"));
        assertEquals(2, ofType(parent, "org.multiprocessing4j.PoolWorkerStarted").size());
        List<RecordedEvent> exited = ofType(parent, "org.multiprocessing4j.PoolWorkerExited");
        assertEquals(2, exited.size(), exited.toString());
        assertEquals("exited", exited.getFirst().getString("reason"));

        List<RecordedEvent> chunks = new ArrayList<>();
        List<RecordedEvent> tasks = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp)) {
            List<Path> workers = files.filter(p -> p.getFileName().toString().startsWith("worker-")).toList();
            assertEquals(2, workers.size(), "each worker dumped its recording at its exit: " + workers);
            for (Path f : workers) {
                List<RecordedEvent> all = RecordingFile.readAllEvents(f);
                chunks.addAll(ofType(all, "org.multiprocessing4j.PoolChunk"));
                tasks.addAll(ofType(all, "org.multiprocessing4j.PoolTask"));
            }
        }
        assertEquals(11, chunks.size(), "10 chunks of the map and the apply");
        assertEquals(40, chunks.stream().filter(e -> e.getLong("jobId") == 0).mapToInt(e -> e.getInt("tasks")).sum());
        // every task of the map sleeps at least 1 ms: the threshold of the task event
        assertEquals(40, tasks.stream().filter(e -> e.getLong("jobId") == 0).count(), tasks.toString());
        RecordedEvent slow = tasks.stream().max((a, b) -> a.getDuration().compareTo(b.getDuration())).orElseThrow();
        assertEquals(37, slow.getInt("chunkIndex") * 4 + slow.getInt("position"));
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
    }
}
