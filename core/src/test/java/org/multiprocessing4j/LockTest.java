package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;
import org.multiprocessing4j.testing.ShmCounters;

/**
 * What only the local context's Lock and RLock do, across real child JVMs: exact counts under
 * heavy contention, the holder's pid in a refusal, and recovery of a lock whose holder was killed.
 * The contracts every context shares are {@code LocalLockContractTest} and {@code
 * LocalRLockContractTest} ({@code org.multiprocessing4j.contract}).
 */
@ExtendWith(ChildCleanup.class)
class LockTest {
    static final Duration HANG = ProcessTest.HANG;

    static void blockForever() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    static void incrementUnder(SharedLock lock, ShmCounters counters, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            try (var _ = lock.hold()) {
                counters.racyIncrement(0);
            }
        }
    }

    static List<Process> startAll(org.multiprocessing4j.function.SerializableRunnable... tasks) {
        List<Process> ps = new ArrayList<>();
        for (var t : tasks) {
            Process p = new Process(t);
            p.start();
            ps.add(p);
        }
        return ps;
    }

    static void joinAllOk(List<Process> ps) throws InterruptedException {
        for (Process p : ps) {
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(0), p.exitCode(), p.toString());
        }
    }

    @Test
    void lockGivesMutualExclusionAcrossProcesses() throws Exception {
        Lock lock = new Lock();
        ShmCounters counters = ShmCounters.create(1);
        var ps = startAll(
                () -> incrementUnder(lock, counters, 20_000),
                () -> incrementUnder(lock, counters, 20_000));
        incrementUnder(lock, counters, 20_000);
        joinAllOk(ps);
        assertEquals(60_000, counters.get(0));
        assertFalse(lock.isLocked());
    }

    @Test
    void anotherProcessCannotReleaseAndTimesOut() throws Exception {
        Lock lock = new Lock();
        lock.acquire();
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                try {
                    lock.release();
                    System.out.println("release=allowed");
                } catch (IllegalMonitorStateException e) {
                    System.out.println("release=refused " + e.getMessage());
                }
                System.out.println("acquired=" + lock.acquire(Duration.ofMillis(200)));
            });
            p.start();
            assertTrue(p.join(HANG));
            assertTrue(out.awaitValue("release=", HANG).startsWith("refused cannot release: the lock is held by pid="
                    + ProcessHandle.current().pid()));
            assertEquals("false", out.awaitValue("acquired=", HANG));
        } finally {
            lock.release();
        }
    }

    @Test
    void aLockWhoseHolderWasKilledIsRecoveredByAWaiter() throws Exception {
        for (SharedLock lock : List.of(new Lock(), new RLock())) {
            try (var out = CapturedOutput.stdout()) {
                Process holder = new Process(() -> {
                    lock.acquire();
                    System.out.println("holding");
                    blockForever();
                });
                holder.start();
                out.awaitLine("holding"::equals, HANG);
                assertFalse(lock.tryAcquire());
                long pid = holder.pid();
                holder.kill();
                assertTrue(lock.acquire(HANG), "the lock of a dead holder must be recovered");
                try {
                    assertTrue(lock.isRecovered());
                    assertEquals(pid, lock.diedOwnerPid());
                } finally {
                    lock.release();
                }
                assertTrue(lock.tryAcquire());
                assertFalse(lock.isRecovered(), "a normal acquisition is not a recovery");
                lock.release();
                assertTrue(holder.join(HANG));
            }
        }
    }

}
