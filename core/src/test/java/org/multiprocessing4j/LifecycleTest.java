package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.launch.JvmCommand;
import org.multiprocessing4j.internal.shm.ResourceTracker;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.testing.ChildCleanup;
import org.multiprocessing4j.testing.OsProcesses;

/**
 * How processes end: a child waits for its non-daemon threads, a signal ends a program at once,
 * and the resource tracker removes what a program held however it died, without removing what a
 * live process still uses. The programs are separate JVMs (the nested classes with a main).
 */
@ExtendWith(ChildCleanup.class)
class LifecycleTest {
    static final Duration HANG = ProcessTest.HANG;
    /** Longer than any of the guarantees tested (1 s, 2 s), short enough for a failing run. */
    static final Duration BOUND = Duration.ofSeconds(20);

    // ---- item: a child waits for its non-daemon threads ----

    @Test
    void aChildWaitsForTheNonDaemonThreadsItsTargetStartedAndExitsZero() throws Exception {
        Queue<String> out = new Queue<>();
        Event go = new Event();
        Process p = new Process(() -> {
            Thread.ofPlatform().daemon(false).start(() -> {
                try {
                    go.await();
                    out.put("thread finished");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            out.put("target returned");
        });
        p.start();
        assertEquals("target returned", out.get(HANG));
        go.set();
        assertEquals("thread finished", out.get(HANG));
        assertTrue(p.join(HANG));
        assertEquals(OptionalInt.of(0), p.exitCode());
    }

    @Test
    void exitCodesStayAsDocumentedWithNonDaemonThreads() throws Exception {
        Queue<String> out = new Queue<>();
        Event go = new Event();
        // the target throws: its thread still finishes, the exit code is 1
        Process throwing = new Process(() -> {
            Thread.ofPlatform().daemon(false).start(() -> {
                try {
                    go.await();
                    out.put("after the throw");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            out.put("throwing");
            throw new IllegalStateException("target fails on purpose");
        });
        // a thread calls System.exit(5) after the target returned
        Process exiting = new Process(() -> {
            Thread.ofPlatform().daemon(false).start(() -> {
                try {
                    go.await();
                    System.exit(5);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            out.put("exiting");
        });
        // a daemon thread blocked for ever is abandoned: exit 0 at once
        Process daemon = new Process(() -> {
            Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        throwing.start();
        exiting.start();
        daemon.start();
        Set<String> first = new TreeSet<>(List.of(out.get(HANG), out.get(HANG)));
        assertEquals(Set.of("throwing", "exiting"), first);
        go.set();
        assertEquals("after the throw", out.get(HANG));
        assertTrue(throwing.join(HANG));
        assertTrue(exiting.join(HANG));
        assertTrue(daemon.join(HANG));
        assertEquals(OptionalInt.of(1), throwing.exitCode());
        assertEquals(OptionalInt.of(5), exiting.exitCode());
        assertEquals(OptionalInt.of(0), daemon.exitCode());
    }

    @Test
    void poolWorkersExitWhenToldEvenIfATaskLeftANonDaemonThread() throws Exception {
        try (Pool pool = Pool.builder().processes(1).build()) {
            long workerPid = pool.apply(() -> {
                Thread.ofPlatform().daemon(false).start(() -> {
                    try {
                        new java.util.concurrent.CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return ProcessHandle.current().pid();
            });
            pool.close();
            pool.join();
            assertTrue(OsProcesses.awaitExit(workerPid, HANG), "the worker left");
        }
    }

    // ---- item: SIGTERM and SIGHUP end a program whose main thread joins a busy child ----

    /** Starts a child blocked in Queue.get, prints its pid, and joins it; a user hook prints. */
    public static final class JoiningProgram {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("user-hook-ran")));
            Queue<String> never = new Queue<>();
            Process child = new Process(() -> {
                System.out.println("child-pid=" + ProcessHandle.current().pid());
                never.get();
            });
            child.start();
            child.join();
        }
    }

    @Test
    void sigtermToAProgramJoiningABusyChildEndsItAndTheChild() throws Exception {
        aSignalEndsAProgramJoiningABusyChild("TERM", 128 + 15);
    }

    @Test
    void sighupToAProgramJoiningABusyChildEndsItAndTheChild() throws Exception {
        aSignalEndsAProgramJoiningABusyChild("HUP", 128 + 1);
    }

    private void aSignalEndsAProgramJoiningABusyChild(String signal, int status) throws Exception {
        try (Program program = Program.start(false, JoiningProgram.class)) {
            long child = program.awaitPid("child-pid=");
            long sent = System.nanoTime();
            program.signal(signal, program.pid());
            assertTrue(program.process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS),
                    "SIG" + signal + " did not end the program: " + program.lines());
            long millis = (System.nanoTime() - sent) / 1_000_000;
            System.out.println("SIG" + signal + ": the program ended in " + millis + " ms");
            assertEquals(status, program.process.exitValue());
            assertTrue(OsProcesses.awaitExit(child, BOUND), "the child was terminated");
            program.awaitEndOfOutput();
            assertTrue(program.lines().contains("user-hook-ran"), "user hooks run: " + program.lines());
            assertEquals(Set.of(), segmentsOf(program.pid()), "the program's segments were freed");
        }
    }

    // ---- item: the resource tracker ----

    /**
     * Makes a queue, a named SharedMemory and a manager (a child), prints their names and pids,
     * waits for its tracker, and blocks until killed.
     */
    public static final class HoldingProgram {
        public static void main(String[] args) throws Exception {
            Multiprocessing.setJvmOptions("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
            Queue<String> q = new Queue<>(0, 4096);
            for (int i = 0; i < 20; i++) {
                q.put("x".repeat(1000)); // several chunks
            }
            SharedMemory named = SharedMemory.create(args[0], 4096);
            named.buffer().put(0, (byte) 42);
            Manager manager = Manager.start();
            manager.dict().put("k", "v");
            System.out.println("manager-pid=" + manager.pid());
            System.out.println("tracker-pid=" + awaitTracker());
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    static long awaitTracker() throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (ResourceTracker.pid() < 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        return ResourceTracker.pid();
    }

    @Test
    void afterKillMinus9TheProgramsSegmentsAndManagerFolderAreRemovedWithNothingElseRunning(@TempDir Path tmp)
            throws Exception {
        String name = "life-held-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Program program = Program.start(false, HoldingProgram.class, tmp, name)) {
            long managerPid = program.awaitPid("manager-pid=");
            long tracker = program.awaitPid("tracker-pid=");
            program.addPid(managerPid);
            assertFalse(segmentsOf(program.pid()).isEmpty());
            assertTrue(Files.exists(SharedSegments.directory().resolve(SharedSegments.fileName(name))));
            assertEquals(1, managerFolders(tmp).size(), "the manager's socket folder");
            program.process.destroyForcibly(); // kill -9
            assertTrue(OsProcesses.awaitExit(program.pid(), BOUND));
            assertTrue(OsProcesses.awaitExit(managerPid, BOUND), "the manager died with its parent");
            // the trackers do their work at once; nothing here sweeps
            assertTrue(awaitTrue(() -> segmentsOf(program.pid()).isEmpty() && segmentsOf(managerPid).isEmpty()
                    && !Files.exists(SharedSegments.directory().resolve(SharedSegments.fileName(name)))
                    && managerFolders(tmp).isEmpty()),
                    "left: " + segmentsOf(program.pid()) + " " + segmentsOf(managerPid) + " " + managerFolders(tmp));
            assertTrue(OsProcesses.awaitExit(tracker, BOUND), "the tracker ends after its work");
        } finally {
            SharedSegments.unlink(SharedSegments.fileName(name));
        }
    }

    /** Creates a named SharedMemory holding 42, prints its tracker's pid, blocks until killed. */
    public static final class NamedCreator {
        public static void main(String[] args) throws Exception {
            SharedMemory named = SharedMemory.create(args[0], 4096);
            named.buffer().put(0, (byte) 42);
            System.out.println("tracker-pid=" + awaitTracker());
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    @Test
    void aKilledCreatorsNamedSegmentGoesButAProcessThatMapsItKeepsAValidMapping(@TempDir Path tmp) throws Exception {
        String name = "life-shared-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Program creator = Program.start(false, NamedCreator.class, tmp, name)) {
            long tracker = creator.awaitPid("tracker-pid=");
            try (SharedMemory mine = SharedMemory.attach(name)) { // this JVM is unrelated to the creator
                assertEquals(42, mine.buffer().get(0));
                creator.process.destroyForcibly();
                assertTrue(OsProcesses.awaitExit(tracker, BOUND));
                // The rule: a segment lives as long as its owner (its creator), as on a normal exit.
                assertThrows(NoSuchElementException.class, () -> SharedMemory.attach(name).close());
                mine.buffer().put(1, (byte) 7); // the mapping stays valid
                assertEquals(42, mine.buffer().get(0));
                assertEquals(7, mine.buffer().get(1));
            }
        } finally {
            SharedSegments.unlink(SharedSegments.fileName(name));
        }
    }

    @Test
    void aKilledChildsTrackerLeavesTheChunksItWroteIntoItsParentsQueue() throws Exception {
        Queue<String> q = new Queue<>(0, 4096);
        Queue<String> ready = new Queue<>();
        Process writer = new Process(() -> {
            for (int i = 0; i < 40; i++) {
                q.put(i + "-" + "y".repeat(1000)); // chunks created by the child, owned by the queue's owner
            }
            Queue<String> own = new Queue<>(); // a segment of its own: the child has a tracker
            own.put("mine");
            ready.put(Long.toString(awaitTracker()));
            new java.util.concurrent.CountDownLatch(1).await();
        });
        writer.start();
        long tracker = Long.parseLong(ready.get(HANG));
        writer.kill();
        assertTrue(writer.join(HANG));
        assertTrue(OsProcesses.awaitExit(tracker, BOUND), "the child's tracker did its work");
        for (int i = 0; i < 40; i++) {
            assertEquals(i + "-" + "y".repeat(1000), q.get(HANG));
        }
        q.put("still works");
        assertEquals("still works", q.get(HANG));
    }

    @Test
    void aChildThatOnlyWritesIntoItsParentsQueueStartsNoTracker() throws Exception {
        Queue<String> q = new Queue<>(0, 4096);
        Queue<Boolean> tracked = new Queue<>();
        Process writer = new Process(() -> {
            for (int i = 0; i < 40; i++) {
                q.put(i + "-" + "w".repeat(1000)); // chunk files it makes, owned by the parent
            }
            tracked.put(ResourceTracker.requested());
        });
        writer.start();
        // its tracker would have nothing to remove (a chunk belongs to the queue's owner): a /bin/sh
        // per pool worker for nothing
        assertEquals(false, tracked.get(HANG), "the writer started a resource tracker");
        ManagerTest.joinOk(writer);
        for (int i = 0; i < 40; i++) {
            assertEquals(i + "-" + "w".repeat(1000), q.get(HANG));
        }
    }

    @Test
    void aWriterMakesNoNewChunkForAQueueWhoseOwnerWasKilled() throws Exception {
        Queue<Queue<String>> handover = new Queue<>();
        Queue<String> ready = new Queue<>();
        Process owner = new Process(() -> {
            Queue<String> q = new Queue<>(0, 4096);
            q.put("first");
            handover.put(q);
            ready.put(Long.toString(awaitTracker()));
            new java.util.concurrent.CountDownLatch(1).await();
        });
        owner.start();
        long pid = owner.pid();
        Queue<String> q = handover.get(HANG); // mapped here while its owner lives
        long tracker = Long.parseLong(ready.get(HANG));
        try {
            owner.kill();
            assertTrue(owner.join(HANG));
            assertTrue(OsProcesses.awaitExit(tracker, BOUND), "the owner's tracker did its work");
            assertEquals(Set.of(), segmentsOf(pid), "the tracker removed the owner's queue");
            // Writing needs a chunk file, which would be owned by the dead owner: nothing would
            // ever remove it but a later program's sweep. The put fails instead, saying why.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                for (int i = 0; i < 40; i++) {
                    q.put(i + "-" + "z".repeat(1000));
                }
            });
            assertTrue(e.getMessage().contains("pid=" + pid), e.getMessage());
            assertEquals(Set.of(), segmentsOf(pid), "no file owned by the dead owner was left");
        } finally {
            segmentsOf(pid).forEach(SharedSegments::unlink);
        }
    }

    // ---- item: SIGINT to the process group during a Pool.map leaves nothing ----

    /**
     * Runs a long Pool.map of slow tasks (each prints that it runs), or with "fast" an imap of
     * quick tasks with 4 KiB results, whose result queue keeps adding chunks (every 1000th
     * prints). A second argument: the spare JVMs to keep; a third, "hook": a user shutdown hook
     * prints.
     */
    public static final class MappingProgram {
        public static void main(String[] args) throws Exception {
            if (args.length > 1) {
                Multiprocessing.setSpares(Integer.parseInt(args[1]));
            }
            if (args.length > 2 && args[2].equals("hook")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("user-hook-ran")));
            }
            try (Pool pool = Pool.builder().processes(2).build()) {
                System.out.println("pool-built");
                if (args.length > 0 && args[0].equals("fast")) {
                    for (byte[] ignored : pool.imap(x -> {
                        if (x % 1000 == 0) {
                            System.out.println("task-pid=" + ProcessHandle.current().pid());
                        }
                        return new byte[4096];
                    }, IntStream.range(0, 100_000_000).boxed()::iterator, 1)) {
                        // discarded
                    }
                } else {
                    pool.map(x -> {
                        System.out.println("task-pid=" + ProcessHandle.current().pid());
                        Thread.sleep(20); // work, not synchronisation
                        return x;
                    }, IntStream.range(0, 10_000).boxed().toList(), 1);
                }
            }
        }
    }

    @Test
    void sigintToTheProcessGroupDuringAPoolMapLeavesNoSegment() throws Exception {
        for (int trial = 0; trial < 16; trial++) {
            try (Program program = Program.start(true, MappingProgram.class, trial % 2 == 0 ? "slow" : "fast",
                    trial % 3 == 0 ? 2 : 0)) {
                // the signal comes at different moments: workers starting, the first tasks, later
                program.awaitLine("pool-built");
                for (int tasks = 0; tasks < (trial % 4 == 0 ? 0 : 1 << (2 * (trial % 4))); tasks++) {
                    program.awaitPid("task-pid=");
                }
                List<Long> group = processGroup(program.pid());
                group.forEach(program::addPid);
                assertTrue(group.size() >= (trial % 4 == 0 ? 1 : 3), "the program and its workers: " + group);
                program.signal("INT", -program.pid());
                for (long pid : group) {
                    assertTrue(OsProcesses.awaitExit(pid, BOUND), "pid " + pid + " of trial " + trial + " ended");
                }
                int t = trial;
                assertTrue(awaitTrue(() -> group.stream().allMatch(pid -> segmentsOf(pid).isEmpty())),
                        () -> "trial " + t + " left " + group.stream().flatMap(pid -> segmentsOf(pid).stream()).toList());
            }
        }
    }

    @Test
    void sigtermToTheParentDuringAPoolMapEndsItsWorkersRunsItsHooksAndLeavesNoSegment() throws Exception {
        for (String mode : List.of("slow", "fast")) {
            try (Program program = Program.start(true, MappingProgram.class, mode, 0, "hook")) {
                program.awaitLine("pool-built");
                for (int tasks = 0; tasks < 4; tasks++) {
                    program.awaitPid("task-pid=");
                }
                List<Long> group = processGroup(program.pid());
                group.forEach(program::addPid);
                assertTrue(group.size() >= 3, "the program and its workers: " + group);
                long sent = System.nanoTime();
                program.signal("TERM", program.pid()); // the parent only: its workers must follow
                for (long pid : group) {
                    if (pid != program.pid()) {
                        assertTrue(OsProcesses.awaitExit(pid, BOUND), "worker " + pid + " of " + group + " ended");
                    }
                }
                long workersMillis = (System.nanoTime() - sent) / 1_000_000;
                assertTrue(OsProcesses.awaitExit(program.pid(), BOUND), "the program ended");
                System.out.println("SIGTERM to a mapping parent (" + mode + "): its workers ended in " + workersMillis
                        + " ms, the program in " + (System.nanoTime() - sent) / 1_000_000 + " ms");
                assertTrue(program.process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS));
                assertEquals(128 + 15, program.process.exitValue());
                program.awaitEndOfOutput();
                assertTrue(program.lines().contains("user-hook-ran"), "user hooks run: " + program.lines());
                assertTrue(awaitTrue(() -> group.stream().allMatch(pid -> segmentsOf(pid).isEmpty())),
                        () -> "left " + group.stream().flatMap(pid -> segmentsOf(pid).stream()).toList());
            }
        }
    }

    // ---- helpers ----

    static Set<String> segmentsOf(long pid) {
        try (Stream<Path> files = Files.list(SharedSegments.directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(SharedSegments.PREFIX + pid + "-"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> managerFolders(Path tmp) {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("mp4j-manager-")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls every 10 ms, for at most {@link #BOUND}: the tracker's work has no event to wait on. */
    static boolean awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** The pids of the live processes in the process group {@code pgid}. */
    static List<Long> processGroup(long pgid) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (NoSuchFileException e) {
                    // gone meanwhile
                }
            }
        }
        return pids;
    }

    /**
     * A program in a JVM of its own, started with this test's class path; closing it kills it and
     * the processes noted with {@link #addPid}, and removes the segments they left.
     */
    static final class Program implements AutoCloseable {
        final java.lang.Process process;
        private final List<String> lines = new ArrayList<>();        // guarded by this
        private final LinkedBlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        private final List<ProcessHandle> handles = new ArrayList<>(); // a handle checks the start time: no reused pid
        private final Thread reader;

        private Program(java.lang.Process process) {
            this.process = process;
            handles.add(process.toHandle());
            reader = Thread.ofPlatform().daemon(true).start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) {
                        synchronized (this) {
                            lines.add(l);
                        }
                        fresh.add(l);
                    }
                } catch (IOException e) {
                    // the program ended
                }
            });
        }

        /** Starts {@code main} (in its own session and process group if {@code ownGroup}). */
        static Program start(boolean ownGroup, Class<?> main, Object... args) throws IOException {
            List<String> command = new ArrayList<>();
            if (ownGroup) {
                command.add("/usr/bin/setsid");
            }
            command.add(JvmCommand.javaExecutable());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            System.getProperties().forEach((k, v) -> {
                if (k.toString().startsWith("mp4j.")) {
                    command.add("-D" + k + "=" + v);
                }
            });
            List<String> rest = new ArrayList<>();
            for (Object a : args) {
                if (a instanceof Path tmp) {
                    command.add("-Djava.io.tmpdir=" + tmp);
                } else {
                    rest.add(a.toString());
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(rest);
            return new Program(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        long pid() {
            return process.pid();
        }

        void addPid(long pid) {
            ProcessHandle.of(pid).ifPresent(handles::add);
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        long awaitPid(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + HANG.toNanos();
            while (true) {
                String l = fresh.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new AssertionError("no line " + prefix + " from the program: " + lines());
                }
                if (l.startsWith(prefix)) {
                    return Long.parseLong(l.substring(prefix.length()).trim());
                }
            }
        }

        void awaitLine(String line) throws InterruptedException {
            long deadline = System.nanoTime() + HANG.toNanos();
            while (true) {
                String l = fresh.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new AssertionError("no line " + line + " from the program: " + lines());
                }
                if (l.equals(line)) {
                    return;
                }
            }
        }

        void awaitEndOfOutput() throws InterruptedException {
            reader.join(HANG.toMillis());
        }

        /** Sends {@code kill -<signal> <target>} (a negative target: a process group). */
        void signal(String signal, long target) throws Exception {
            java.lang.Process kill = new ProcessBuilder("/bin/kill", "-s", signal, "--", Long.toString(target))
                    .inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -s " + signal + " " + target);
        }

        @Override
        public void close() throws Exception {
            for (ProcessHandle h : handles) {
                h.destroyForcibly();
            }
            process.waitFor(HANG.toSeconds(), TimeUnit.SECONDS);
            for (ProcessHandle h : handles) {
                OsProcesses.awaitExit(h.pid(), HANG);
                for (String s : segmentsOf(h.pid())) {
                    SharedSegments.unlink(s);
                }
            }
        }
    }
}
