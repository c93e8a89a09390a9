package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.manager.MachineId;
import org.multiprocessing4j.internal.manager.ManagedObjects;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * A manager's synchronization objects, queues and values used from "another machine": client JVMs
 * that connect over TCP with {@link Manager#connect} and take the remote path (calls to the server)
 * through the test hook {@link MachineId#FORCE_REMOTE}, next to local processes that use the same
 * objects' shared memory.
 */
@ExtendWith(ChildCleanup.class)
class ManagerRemoteTest {
    static final Duration HANG = ProcessTest.HANG;
    static final byte[] KEY = "remote sync key".getBytes();

    /** In a child: behave as a process of another machine, and connect over TCP. */
    static Manager remote(int port) {
        System.setProperty(MachineId.FORCE_REMOTE, "true");
        return Manager.connect(new InetSocketAddress("127.0.0.1", port), KEY);
    }

    static Manager startTcp() {
        return Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY);
    }

    @Test
    void aRemoteClientHoldsTheLockWhileALocalProcessWaitsAndAWrongKeyIsRefused() throws Exception {
        try (Manager manager = startTcp(); var out = CapturedOutput.stdout()) {
            int port = manager.port();
            Map<String, Object> d = manager.dict();
            Lock lock = manager.lock();
            Event go = manager.event();
            d.put("lock", lock);
            d.put("go", go);
            Process client = new Process(() -> {
                remote(port);
                Lock l = (Lock) d.get("lock");
                Event g = (Event) d.get("go");
                System.out.println("remote-lock=" + l);
                l.acquire();
                System.out.println("remote holds the lock");
                g.await();
                System.out.println("remote releases the lock");
                l.release();
            });
            client.start();
            assertTrue(out.awaitValue("remote-lock=", HANG).contains("managed mutex"), "the remote path was not taken");
            out.awaitLine("remote holds the lock"::equals, HANG);
            assertTrue(lock.isLocked());
            assertFalse(lock.tryAcquire());
            Process waiter = new Process(() -> {
                System.out.println("local process waits");
                lock.acquire();
                System.out.println("local process got the lock");
                lock.release();
            });
            waiter.start();
            out.awaitLine("local process waits"::equals, HANG);
            go.set();
            out.awaitLine("local process got the lock"::equals, HANG);
            List<String> lines = out.lines();
            assertTrue(lines.indexOf("remote releases the lock") < lines.indexOf("local process got the lock"),
                    "mutual exclusion broken: " + lines);
            ManagerTest.joinOk(client);
            ManagerTest.joinOk(waiter);
            assertThrows(AuthenticationException.class,
                    () -> Manager.connect(new InetSocketAddress("127.0.0.1", port), "wrong".getBytes()));
        }
    }

    @Test
    void aRemoteClientAndLocalProcessesExcludeEachOtherThroughAManagedValuesLock() throws Exception {
        try (Manager manager = startTcp()) {
            int port = manager.port();
            IntValue counter = (IntValue) manager.value('i', 0);
            Map<String, Object> d = manager.dict();
            d.put("counter", counter);
            int n = 300;
            SerializableIncrement local = c -> {
                for (int i = 0; i < n; i++) {
                    try (var _ = c.getLock().hold()) {
                        int v = c.get();
                        Thread.onSpinWait();
                        c.set(v + 1); // a lost update unless the lock excludes
                    }
                }
            };
            Process remoteClient = new Process(() -> {
                remote(port);
                local.run((IntValue) d.get("counter"));
            });
            Process p1 = new Process(() -> local.run(counter));
            Process p2 = new Process(() -> local.run(counter));
            remoteClient.start();
            p1.start();
            p2.start();
            ManagerTest.joinOk(remoteClient);
            ManagerTest.joinOk(p1);
            ManagerTest.joinOk(p2);
            assertEquals(3 * n, counter.get());
        }
    }

    /** A task over a value, serializable. */
    interface SerializableIncrement extends java.io.Serializable {
        void run(IntValue v) throws Exception;
    }

    @Test
    void aRemoteClientBlockedInGetStillMakesDictCallsFromAnotherThread() throws Exception {
        try (Manager manager = startTcp(); var out = CapturedOutput.stdout()) {
            int port = manager.port();
            Map<String, Object> d = manager.dict();
            Queue<String> q = manager.queue();
            d.put("q", q);
            Process client = new Process(() -> {
                remote(port);
                @SuppressWarnings("unchecked")
                Queue<String> rq = (Queue<String>) d.get("q");
                Thread getter = Thread.ofPlatform().start(() -> {
                    try {
                        System.out.println("remote-got=" + rq.get());
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // wait (bounded only to catch hangs) until the getter is blocked reading the
                // server's reply to its remote get
                long deadline = System.nanoTime() + HANG.toNanos();
                while (!blockedInRemoteCall(getter)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the getter never reached the remote get");
                    }
                    Thread.onSpinWait();
                }
                for (int i = 0; i < 50; i++) {
                    d.put("n", i);
                }
                System.out.println("remote-dict=" + d.get("n") + " while get blocked=" + getter.isAlive());
                getter.join();
            });
            client.start();
            assertEquals("49 while get blocked=true", out.awaitValue("remote-dict=", HANG));
            q.put("item");
            assertEquals("item", out.awaitValue("remote-got=", HANG));
            ManagerTest.joinOk(client);
        }
    }

    @Test
    void semaphoresEventsConditionsBarriersQueuesAndArraysWorkThroughTheRemotePath() throws Exception {
        try (Manager manager = startTcp(); var out = CapturedOutput.stdout()) {
            int port = manager.port();
            Map<String, Object> d = manager.dict();
            Semaphore sem = manager.semaphore(2);
            BoundedSemaphore bounded = manager.boundedSemaphore(1);
            Event event = manager.event();
            Condition cond = manager.condition();
            Barrier barrier = manager.barrier(2);
            JoinableQueue<Integer> jq = manager.joinableQueue();
            Queue<Integer> bq = manager.queue(1);
            IntArray arr = (IntArray) manager.array('i', 3);
            DoubleValue dv = (DoubleValue) manager.value('d', 1.5);
            RLock rlock = manager.rlock();
            Lock lock = manager.lock();
            d.putAll(Map.of("sem", sem, "bounded", bounded, "event", event, "cond", cond, "barrier", barrier,
                    "jq", jq, "bq", bq, "arr", arr, "dv", dv, "rlock", rlock));
            d.put("lock", lock);
            Process client = new Process(() -> {
                remote(port);
                Semaphore s = (Semaphore) d.get("sem");
                s.acquire();
                assertTrue(s.acquire(Duration.ofMillis(100)));
                assertFalse(s.tryAcquire());
                assertFalse(s.acquire(Duration.ofMillis(300))); // times out across slices
                s.release();
                BoundedSemaphore b = (BoundedSemaphore) d.get("bounded");
                assertEquals(1, b.bound());
                assertThrows(IllegalStateException.class, b::release);
                Event e = (Event) d.get("event");
                assertFalse(e.await(Duration.ofMillis(100)));
                e.set();
                assertTrue(e.isSet());
                RLock r = (RLock) d.get("rlock");
                r.acquire();
                r.acquire();
                assertEquals(2, r.holdCount());
                Thread other = Thread.ofPlatform().start(() -> {
                    assertThrows(IllegalMonitorStateException.class, r::release); // owned by the first thread
                    assertFalse(r.tryAcquire());
                });
                other.join();
                r.release();
                r.release();
                assertFalse(r.isLocked());
                Lock l = (Lock) d.get("lock");
                Thread quitter = Thread.ofPlatform().start(l::lock); // ends holding the lock
                quitter.join();
                assertTrue(l.acquire(Duration.ofSeconds(20)), "a dead thread's lock was not released");
                assertThrows(IllegalStateException.class, l::acquire); // not reentrant, as locally
                l.release();
                long t0 = System.nanoTime();
                for (int i = 0; i < 500; i++) {
                    l.acquire();
                    l.release();
                }
                System.out.println("remote-lock-acquire-release-us=" + (System.nanoTime() - t0) / 500 / 1000);
                @SuppressWarnings("unchecked")
                JoinableQueue<Integer> q = (JoinableQueue<Integer>) d.get("jq");
                q.put(7);
                assertEquals(7, q.get());
                q.taskDone();
                assertTrue(q.join(Duration.ofSeconds(5)));
                @SuppressWarnings("unchecked")
                Queue<Integer> bounded1 = (Queue<Integer>) d.get("bq");
                bounded1.put(1);
                assertThrows(Full.class, () -> bounded1.put(2, Duration.ofMillis(100)));
                IntArray a = (IntArray) d.get("arr");
                a.set(1, 41);
                assertEquals(42, a.incrementAndGet(1));
                DoubleValue v = (DoubleValue) d.get("dv");
                v.set(v.get() * 2);
                Condition c = (Condition) d.get("cond");
                assertThrows(IllegalMonitorStateException.class, c::signal); // the lock is not held
                assertThrows(IllegalMonitorStateException.class, () -> c.await(Duration.ofMillis(10)));
                try (var _ = c.hold()) {
                    System.out.println("remote waits on the condition");
                    assertTrue(c.await(HANG));
                    System.out.println("remote was signalled");
                }
                Barrier bar = (Barrier) d.get("barrier");
                System.out.println("remote-barrier=" + bar.await());
            });
            client.start();
            out.awaitLine("remote waits on the condition"::equals, HANG);
            try (var _ = cond.hold()) {
                cond.signalAll();
            }
            out.awaitLine("remote was signalled"::equals, HANG);
            int mine = barrier.await(HANG);
            int theirs = Integer.parseInt(out.awaitValue("remote-barrier=", HANG));
            assertEquals(1, mine + theirs);
            ManagerTest.joinOk(client);
            System.out.println("measured: " + out.awaitValue("remote-lock-acquire-release-us=", HANG) + " us per remote acquire+release");
            assertEquals(2, sem.value() + 1); // the client kept one permit
            assertThrows(IllegalStateException.class, bounded::release);
            assertTrue(event.isSet());
            assertEquals(0, jq.unfinishedTasks());
            assertEquals(1, bq.get(HANG));
            assertEquals(42, arr.get(1));
            assertEquals(3.0, dv.get());
            assertFalse(rlock.isLocked());
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void aRemoteClientKilledHoldingTheLockLeavesItReleased() throws Exception {
        try (Manager manager = startTcp(); var out = CapturedOutput.stdout()) {
            int port = manager.port();
            Map<String, Object> d = manager.dict();
            Lock lock = manager.lock();
            d.put("lock", lock);
            Process client = new Process(() -> {
                remote(port);
                Lock l = (Lock) d.get("lock");
                l.acquire();
                System.out.println("remote holds the lock");
                new java.util.concurrent.CountDownLatch(1).await();
            });
            client.start();
            out.awaitLine("remote holds the lock"::equals, HANG);
            assertTrue(lock.isLocked());
            client.kill(); // SIGKILL: no chance to release
            long t0 = System.nanoTime();
            assertTrue(lock.acquire(HANG));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "took " + ms + " ms");
            lock.release();
            assertTrue(client.join(HANG));
        }
    }

    @Test
    void aBarrierBreaksForARemoteWaiterToo() throws Exception {
        try (Manager manager = startTcp(); var out = CapturedOutput.stdout()) {
            int port = manager.port();
            Map<String, Object> d = manager.dict();
            Barrier barrier = manager.barrier(3);
            d.put("b", barrier);
            Process client = new Process(() -> {
                remote(port);
                Barrier b = (Barrier) d.get("b");
                System.out.println("remote waits");
                assertThrows(BrokenBarrierException.class, b::await);
                System.out.println("remote-broken=" + b.isBroken());
            });
            client.start();
            out.awaitLine("remote waits"::equals, HANG);
            while (barrier.waiting() < 1) {
                Thread.sleep(20);
            }
            barrier.abort();
            assertEquals("true", out.awaitValue("remote-broken=", HANG));
            ManagerTest.joinOk(client);
        }
    }

    /** Whether {@code t} is inside a managed object's remote call, blocked in a socket read. */
    private static boolean blockedInRemoteCall(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("sun.nio.ch.")
                && java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(ManagedObjects.class.getName()));
    }
}
