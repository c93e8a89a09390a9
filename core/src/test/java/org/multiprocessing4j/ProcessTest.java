package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;
import org.multiprocessing4j.testing.OsProcesses;

/** The Process lifecycle with real child JVMs. */
@ExtendWith(ChildCleanup.class)
class ProcessTest {
    /** Bounds waits only to catch hangs. */
    static final Duration HANG = Duration.ofSeconds(60);

    static void blockForever() throws InterruptedException {
        new java.util.concurrent.CountDownLatch(1).await();
    }

    @Test
    void startJoinGivesExitCodeZeroAndTheChildRunsInAnotherJvm() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> System.out.println("child-pid=" + ProcessHandle.current().pid()));
            assertEquals(OptionalInt.empty(), p.exitCode());
            assertFalse(p.isAlive());
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertFalse(p.isAlive());
            long childPid = Long.parseLong(out.awaitValue("child-pid=", HANG));
            assertEquals(p.pid(), childPid);
            assertNotEquals(ProcessHandle.current().pid(), childPid);
            p.close();
        }
    }

    @Test
    void uncaughtExceptionGivesExitCodeOneAndPrintsNameAndTrace() throws Exception {
        try (var err = CapturedOutput.stderr()) {
            Process p = new Process(() -> {
                throw new IllegalStateException("boom in child");
            });
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(1), p.exitCode());
            err.awaitLine(l -> l.equals("Process " + p.name() + ":"), HANG);
            err.awaitLine(l -> l.contains("IllegalStateException: boom in child"), HANG);
            err.awaitLine(l -> l.contains("at org.multiprocessing4j.ProcessTest"), HANG);
        }
    }

    @Test
    void checkedExceptionAlsoGivesExitCodeOne() throws Exception {
        try (var err = CapturedOutput.stderr()) {
            Process p = new Process(() -> {
                throw new java.io.IOException("checked boom");
            });
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(1), p.exitCode());
            err.awaitLine(l -> l.contains("java.io.IOException: checked boom"), HANG);
        }
    }

    @Test
    void explicitExitGivesThatStatus() throws Exception {
        Process p = new Process(() -> System.exit(7));
        p.start();
        assertTrue(p.join(HANG));
        assertEquals(OptionalInt.of(7), p.exitCode());
    }

    @Test
    void terminateGivesMinus15AndKillGivesMinus9() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process t = new Process("to-terminate", () -> {
                System.out.println("ready:to-terminate");
                blockForever();
            });
            Process k = new Process("to-kill", () -> {
                System.out.println("ready:to-kill");
                blockForever();
            });
            t.start();
            k.start();
            out.awaitLine("ready:to-terminate"::equals, HANG);
            out.awaitLine("ready:to-kill"::equals, HANG);
            assertTrue(t.isAlive());
            t.terminate();
            k.kill();
            assertTrue(t.join(HANG));
            assertTrue(k.join(HANG));
            assertEquals(OptionalInt.of(-15), t.exitCode());
            assertEquals(OptionalInt.of(-9), k.exitCode());
            t.terminate(); // no-op once exited
        }
    }

    @Test
    void joinWithTimeoutReturnsFalseWhileRunning() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                System.out.println("ready:join-timeout");
                blockForever();
            });
            p.start();
            out.awaitLine("ready:join-timeout"::equals, HANG);
            assertFalse(p.join(Duration.ofMillis(50)));
            assertTrue(p.isAlive());
            assertTrue(Multiprocessing.activeChildren().contains(p));
            p.kill();
            assertTrue(p.join(HANG));
            assertFalse(Multiprocessing.activeChildren().contains(p));
        }
    }

    @Test
    void namesFollowCpythonIncludingNestedChildren() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process a = new Process(() -> {});
            Process b = new Process(() -> {
                Process grandchild = new Process(() -> System.out.println("grandchild-name="
                        + Multiprocessing.currentProcess().name() + " parent=" + Multiprocessing.parentProcess().name()));
                grandchild.start();
                grandchild.join();
                System.out.println("child-name=" + Multiprocessing.currentProcess().name()
                        + " parent=" + Multiprocessing.parentProcess().name());
            });
            int n = Integer.parseInt(a.name().substring("Process-".length()));
            assertEquals("Process-" + (n + 1), b.name());
            assertEquals(List.of(n + 1), java.util.Arrays.stream(b.identity()).boxed().toList());
            b.start();
            assertTrue(b.join(HANG));
            assertEquals(OptionalInt.of(0), b.exitCode());
            assertEquals(b.name() + ":1 parent=" + b.name(), out.awaitValue("grandchild-name=", HANG));
            assertEquals(b.name() + " parent=MainProcess", out.awaitValue("child-name=", HANG));
            assertEquals("custom", new Process("custom", () -> {}).name());
        }
    }

    @Test
    void currentAndParentProcessInMainAndChild() throws Exception {
        assertEquals("MainProcess", Multiprocessing.currentProcess().name());
        assertEquals(ProcessHandle.current().pid(), Multiprocessing.currentProcess().pid());
        assertTrue(Multiprocessing.currentProcess().isAlive());
        assertNull(Multiprocessing.parentProcess());
        assertTrue(Multiprocessing.cpuCount() >= 1);
        long myPid = ProcessHandle.current().pid();
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                Process parent = Multiprocessing.parentProcess();
                System.out.println("parent-pid=" + parent.pid() + " alive=" + parent.isAlive()
                        + " current-pid-ok=" + (Multiprocessing.currentProcess().pid() == ProcessHandle.current().pid()));
            });
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(myPid + " alive=true current-pid-ok=true", out.awaitValue("parent-pid=", HANG));
        }
    }

    @Test
    void stdoutAndStderrOfTheChildAppearInTheParent() throws Exception {
        try (var out = CapturedOutput.stdout(); var err = CapturedOutput.stderr()) {
            Process p = new Process(() -> {
                System.out.println("to stdout");
                System.err.println("to stderr");
                System.out.print("no newline at the end");
            });
            p.start();
            assertTrue(p.join(HANG));
            out.awaitLine("to stdout"::equals, HANG);
            err.awaitLine("to stderr"::equals, HANG);
            System.out.println();
            out.awaitLine("no newline at the end"::equals, HANG);
        }
    }

    @Test
    void linesOfConcurrentChildrenAreNotMixed() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            List<Process> ps = new java.util.ArrayList<>();
            for (char c : new char[] {'A', 'B', 'C'}) {
                String line = "mix:" + String.valueOf(c).repeat(300);
                ps.add(new Process(() -> {
                    for (int i = 0; i < 300; i++) {
                        System.out.println(line);
                    }
                }));
            }
            ps.forEach(Process::start);
            for (Process p : ps) {
                assertTrue(p.join(HANG));
            }
            List<String> mixLines = out.lines().stream().filter(l -> l.startsWith("mix:")).toList();
            assertEquals(900, mixLines.size());
            for (String l : mixLines) {
                assertEquals(304, l.length(), "a line was mixed: " + l);
                assertTrue(l.substring(4).chars().distinct().count() == 1, "a line was mixed: " + l);
            }
        }
    }

    @Test
    void misuseGivesClearErrors() throws Exception {
        Process p = new Process(() -> {});
        IllegalStateException e = assertThrows(IllegalStateException.class, p::join);
        assertTrue(e.getMessage().contains("started"), e.getMessage());
        assertThrows(IllegalStateException.class, p::terminate);
        assertThrows(IllegalStateException.class, p::pid);
        p.start();
        e = assertThrows(IllegalStateException.class, p::start);
        assertTrue(e.getMessage().contains("already started"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.setDaemon(true));
        assertTrue(p.join(HANG));
        p.close();
        p.close(); // idempotent
        e = assertThrows(IllegalStateException.class, p::isAlive);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, p::start);
        assertThrows(IllegalStateException.class, p::join);
        assertThrows(IllegalStateException.class, p::exitCode);
        assertThrows(IllegalStateException.class, p::pid);
        assertEquals(p.name(), p.name());
        assertThrows(NullPointerException.class, () -> new Process((org.multiprocessing4j.function.SerializableRunnable) null));
        assertThrows(IllegalArgumentException.class, () -> new Process(() -> {}).addJvmOptions("Xmx1g"));
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.setJvmOptions(""));
        assertThrows(IllegalStateException.class, () -> Multiprocessing.currentProcess().start());
        assertThrows(IllegalStateException.class, () -> Multiprocessing.currentProcess().join());
    }

    @Test
    void closeWhileRunningIsAnError() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                System.out.println("ready:close-running");
                blockForever();
            });
            p.start();
            out.awaitLine("ready:close-running"::equals, HANG);
            IllegalStateException e = assertThrows(IllegalStateException.class, p::close);
            assertTrue(e.getMessage().contains("still running"), e.getMessage());
            p.kill();
            assertTrue(p.join(HANG));
            p.close();
        }
    }

    @Test
    void daemonicProcessMayNotStartChildren() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                try {
                    new Process(() -> {}).start();
                    System.out.println("daemon-start=allowed");
                } catch (IllegalStateException e) {
                    System.out.println("daemon-start=" + e.getMessage());
                }
            });
            p.setDaemon(true);
            assertTrue(p.daemon());
            p.start();
            assertTrue(p.join(HANG));
            String result = out.awaitValue("daemon-start=", HANG);
            assertTrue(result.contains("daemonic processes are not allowed to have children"), result);
        }
    }

    @Test
    void atExitDaemonicChildrenAreTerminatedAndOthersJoined() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process parent = new Process(() -> {
                Process daemon = new Process(ProcessTest::blockForever);
                daemon.setDaemon(true);
                daemon.start();
                Process worker = new Process(() -> {
                    Thread.sleep(300); // the worker's own work; the parent returns before it ends
                    System.out.println("worker-finished");
                });
                worker.start();
                System.out.println("daemon-pid=" + daemon.pid());
                System.out.println("worker-pid=" + worker.pid());
            });
            parent.start();
            assertTrue(parent.join(HANG));
            assertEquals(OptionalInt.of(0), parent.exitCode());
            // The worker was joined before the parent exited, so its line was forwarded already.
            assertTrue(out.lines().contains("worker-finished"), out.text());
            long daemonPid = Long.parseLong(out.awaitValue("daemon-pid=", HANG));
            long workerPid = Long.parseLong(out.awaitValue("worker-pid=", HANG));
            assertTrue(OsProcesses.hasExited(workerPid));
            assertTrue(OsProcesses.awaitExit(daemonPid, HANG));
        }
    }

    @Test
    void childrenAndGrandchildrenDieWithinTwoSecondsWhenTheirParentIsKilledWithSigkill() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process top = new Process(() -> {
                Process child = new Process(() -> {
                    Process grandchild = new Process(() -> {
                        System.out.println("grandchild-pid=" + ProcessHandle.current().pid());
                        blockForever();
                    });
                    grandchild.start();
                    System.out.println("child-pid=" + ProcessHandle.current().pid());
                    blockForever();
                });
                child.start();
                blockForever();
            });
            top.start();
            long childPid = Long.parseLong(out.awaitValue("child-pid=", HANG));
            long grandchildPid = Long.parseLong(out.awaitValue("grandchild-pid=", HANG));
            assertFalse(OsProcesses.hasExited(childPid));
            assertFalse(OsProcesses.hasExited(grandchildPid));
            long killed = System.nanoTime();
            top.kill(); // SIGKILL: no hook runs in top
            assertTrue(top.join(HANG));
            assertEquals(OptionalInt.of(-9), top.exitCode());
            Duration twoSeconds = Duration.ofSeconds(2).minusNanos(System.nanoTime() - killed);
            assertTrue(OsProcesses.awaitExit(childPid, twoSeconds), "the child outlived its parent by 2 s");
            twoSeconds = Duration.ofSeconds(2).minusNanos(System.nanoTime() - killed);
            assertTrue(OsProcesses.awaitExit(grandchildPid, twoSeconds), "the grandchild outlived its grandparent by 2 s");
        }
    }

    @Test
    void jvmOptionsPerProcessAndGlobal() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Multiprocessing.setJvmOptions("-Dmp4jtest.global=g", "-Xmx96m");
            try {
                assertEquals(List.of("-Dmp4jtest.global=g", "-Xmx96m"), Multiprocessing.jvmOptions());
                Process p = new Process(() -> {
                    System.out.println("props=" + System.getProperty("mp4jtest.global") + ","
                            + System.getProperty("mp4jtest.local") + "," + (Runtime.getRuntime().maxMemory() <= 96L << 20));
                    Process grandchild = new Process(() -> System.out.println("grandchild-props="
                            + System.getProperty("mp4jtest.global") + "," + System.getProperty("mp4jtest.local")));
                    grandchild.start();
                    grandchild.join();
                }).addJvmOptions("-Dmp4jtest.local=l");
                assertEquals(List.of("-Dmp4jtest.local=l"), p.jvmOptions());
                p.start();
                assertTrue(p.join(HANG));
                assertEquals("g,l,true", out.awaitValue("props=", HANG));
                assertEquals("g,null", out.awaitValue("grandchild-props=", HANG));
            } finally {
                Multiprocessing.setJvmOptions();
            }
        }
    }

    @Test
    void badJvmOptionMakesTheChildFailVisibly() throws Exception {
        try (var err = CapturedOutput.stderr()) {
            Process p = new Process(() -> {}).addJvmOptions("-XX:+ThisOptionDoesNotExist");
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(1), p.exitCode());
            err.awaitLine(l -> l.contains("ThisOptionDoesNotExist"), HANG);
        }
    }

    @Test
    void aSpareJvmRunsTheNextProcessAndIsReplaced() throws Exception {
        try (var out = CapturedOutput.stdout(); var err = CapturedOutput.stderr()) {
            Multiprocessing.setSpares(1);
            try {
                assertTrue(org.multiprocessing4j.internal.launch.SpareJvms.awaitReady(HANG));
                for (int i = 0; i < 2; i++) {
                    List<Long> spares = org.multiprocessing4j.internal.launch.SpareJvms.readyPids();
                    assertEquals(1, spares.size());
                    Process p = new Process(() -> System.out.println("spare-run=" + Multiprocessing.currentProcess().name()));
                    p.start();
                    assertEquals(spares.getFirst(), p.pid(), "the spare ran the process");
                    assertTrue(p.join(HANG));
                    assertEquals(OptionalInt.of(0), p.exitCode());
                    out.awaitLine(("spare-run=" + p.name())::equals, HANG);
                    assertTrue(org.multiprocessing4j.internal.launch.SpareJvms.awaitReady(HANG), "a spare is replaced");
                }
                // The ready marker of a spare never reaches the user's stderr.
                assertFalse(err.text().contains("mp4j-spare-ready"), err.text());
                assertThrows(IllegalArgumentException.class, () -> Multiprocessing.setSpares(-1));
            } finally {
                Multiprocessing.setSpares(0);
            }
        }
    }
}
