package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/** What happens to /dev/shm when processes crash, and when it is full. */
@ExtendWith(ChildCleanup.class)
class SegmentLifetimeTest {
    static final Duration HANG = ProcessTest.HANG;

    static Set<String> segmentsOf(long pid) throws Exception {
        try (Stream<Path> files = Files.list(SharedSegments.directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(SharedSegments.PREFIX + pid + "-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void afterEveryProcessOfAProgramWasKilledNoSegmentOfItRemainsOnceTheSweepRan() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            // "the program": a child that makes shared objects and a grandchild that uses them
            Process program = new Process(() -> {
                IntValue v = Value.ofInt(1);
                Queue<String> q = new Queue<>();
                q.put("left in the queue");
                Lock lock = new Lock();
                Process helper = new Process(() -> {
                    lock.acquire();
                    v.incrementAndGet();
                    System.out.println("helper-pid=" + ProcessHandle.current().pid());
                    new java.util.concurrent.CountDownLatch(1).await();
                });
                helper.start();
                System.out.println("program-pid=" + ProcessHandle.current().pid());
                new java.util.concurrent.CountDownLatch(1).await();
            });
            program.start();
            long programPid = Long.parseLong(out.awaitValue("program-pid=", HANG));
            long helperPid = Long.parseLong(out.awaitValue("helper-pid=", HANG));
            Set<String> left = segmentsOf(programPid);
            assertTrue(left.size() >= 3, "the program made segments: " + left);
            program.kill();
            assertTrue(program.join(HANG));
            assertTrue(org.multiprocessing4j.testing.OsProcesses.awaitExit(helperPid, HANG));
            // Its segments are still there: nobody unlinked them. The sweep (run in the background
            // when a child dies by a signal, or by the next program's first segment) removes them.
            List<String> swept = SharedSegments.sweep();
            assertTrue(segmentsOf(programPid).isEmpty(), "left behind: " + segmentsOf(programPid) + ", swept " + swept);
        }
    }

    @Test
    void aPoolFreesItsQueuesWhenClosedOrTerminatedAndWhenItReplacesAWorker() throws Exception {
        long self = ProcessHandle.current().pid();
        Set<String> before = segmentsOf(self);
        try (Pool p = Pool.builder().processes(2).maxTasksPerChild(1).build()) {
            // chunksize 1 and one task per child: every task after the first two runs in a new worker
            assertEquals(List.of(0, 1, 4, 9, 16, 25), p.map(x -> x * x, List.of(0, 1, 2, 3, 4, 5), 1));
            Set<String> whileRunning = segmentsOf(self);
            whileRunning.removeAll(before);
            // the results queue, two inboxes (the replaced workers' inboxes were freed), the claim
            // table, the worker board, and the queues' chunks
            assertTrue(whileRunning.size() <= 9, "segments of the running pool: " + whileRunning);
        }
        assertEquals(Set.of(), difference(segmentsOf(self), before), "left by a closed pool");
        Pool terminated = new Pool(2);
        assertEquals(4, terminated.apply(() -> 2 + 2));
        terminated.terminate();
        terminated.join();
        assertEquals(Set.of(), difference(segmentsOf(self), before), "left by a terminated pool");
        terminated.join(); // freeing again is a no-op, and so is closing a terminated pool
        terminated.close();
        try (Pool threads = new ThreadPool(2)) {
            assertEquals(List.of(2, 3), threads.map(x -> x + 1, List.of(1, 2)));
        }
        assertEquals(Set.of(), difference(segmentsOf(self), before), "left by a closed thread pool");
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new java.util.TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    @Test
    void runningOutOfSharedMemoryIsAClearErrorNotACrash() throws Exception {
        long usable = Files.getFileStore(SharedSegments.directory()).getUsableSpace();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedMemory.create(usable + (1L << 30)));
        assertTrue(e.getMessage().contains("cannot allocate"), e.getMessage());
        assertTrue(e.getMessage().contains("/dev/shm") || e.getMessage().contains(SharedSegments.directory().toString()),
                e.getMessage());
    }
}
