package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * The {@code "threads"} context through the public API: every object made by {@code
 * Multiprocessing.getContext("threads")} and used from "processes" that are threads of this JVM.
 */
@ExtendWith(ChildCleanup.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadsContextTest {
    static final Duration HANG = ProcessTest.HANG;
    static final Context THREADS = Multiprocessing.getContext("threads");

    static Process start(SerializableRunnable target) {
        Process p = THREADS.process(target);
        p.start();
        return p;
    }

    static void joinOk(Process p) throws InterruptedException {
        assertTrue(p.join(HANG), p.toString());
        assertEquals(OptionalInt.of(0), p.exitCode(), p.toString());
    }

    @Test
    void aProcessIsAThreadOfThisJvmNamedAfterIt() throws Exception {
        assertEquals("threads", THREADS.name());
        Queue<List<Object>> q = THREADS.queue();
        Process p = start(() -> q.put(List.of(Multiprocessing.currentProcess().name(), Thread.currentThread().getName(),
                ProcessHandle.current().pid(), Multiprocessing.parentProcess().name(),
                Multiprocessing.context().name())));
        List<Object> seen = q.get(HANG);
        joinOk(p);
        assertEquals(List.of(p.name(), p.name(), ProcessHandle.current().pid(), "MainProcess", "threads"), seen);
        assertEquals(ProcessHandle.current().pid(), p.pid());
        assertFalse(p.isAlive());
    }

    @Test
    void theContextIsSelectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Multiprocessing.getContext("thread"));
        assertTrue(e.getMessage().contains("threads"), e.getMessage()); // listed among the known ones
        assertEquals("threads", Multiprocessing.getContext("threads").name());
    }

    @Test
    void libraryObjectsPassedToAProcessAreTheSameObjectsAndTheRestIsCopied() throws Exception {
        Lock lock = THREADS.lock();
        IntValue value = (IntValue) THREADS.value('i', 0);
        int[] plain = {0};
        Queue<Boolean> q = THREADS.queue();
        lock.acquire();
        Process p = start(() -> {
            q.put(lock.isLocked() && !lock.tryAcquire()); // the parent's lock, held by the parent
            value.set(42);
            plain[0] = 7;                                 // a copy, as in a child JVM
        });
        assertTrue(q.get(HANG));
        joinOk(p);
        lock.release();
        assertEquals(42, value.get());
        assertEquals(0, plain[0]);
    }

    @Test
    void anObjectSentThroughAQueueWhoseSenderDroppedItIsStillTheSame() throws Exception {
        Queue<Event> q = THREADS.queue();
        Event kept = THREADS.event();
        q.put(THREADS.event()); // only the queued frame references this one
        q.put(kept);
        System.gc();
        Event first = q.get(HANG);
        first.set();
        assertTrue(first.isSet());
        Event second = q.get(HANG);
        second.set();
        assertTrue(kept.isSet(), "the event read back is the one sent");
    }

    @Test
    void aThreadsObjectReadInAnotherJvmFailsClearly() throws Exception {
        Lock lock = THREADS.lock();
        try (var err = CapturedOutput.stderr()) {
            Process child = new Process(() -> lock.acquire()); // a spawn-context process: a child JVM
            child.start();
            assertTrue(child.join(HANG));
            assertEquals(OptionalInt.of(1), child.exitCode());
            err.awaitLine(l -> l.contains("of the threads context reached another JVM"), HANG);
        }
    }

    @Test
    void exitCodesAreAChildJvmsAndTerminateInterruptsTheThread() throws Exception {
        try (var err = CapturedOutput.stderr()) {
            Process failing = start(() -> {
                throw new IllegalStateException("the task broke");
            });
            assertTrue(failing.join(HANG));
            assertEquals(OptionalInt.of(1), failing.exitCode());
            err.awaitLine(l -> l.equals("Process " + failing.name() + ":"), HANG);
            err.awaitLine(l -> l.contains("IllegalStateException: the task broke"), HANG);
        }
        Event never = THREADS.event();
        Event started = THREADS.event();
        Process waiting = start(() -> {
            started.set();
            never.await();
        });
        assertTrue(started.await(HANG));
        assertTrue(waiting.isAlive());
        assertTrue(waiting.exitCode().isEmpty());
        waiting.terminate();
        assertTrue(waiting.join(HANG));
        assertEquals(OptionalInt.of(-15), waiting.exitCode());
        Event started2 = THREADS.event();
        Process killed = start(() -> {
            started2.set();
            never.await();
        });
        assertTrue(started2.await(HANG));
        killed.kill();
        assertTrue(killed.join(HANG));
        assertEquals(OptionalInt.of(-9), killed.exitCode());
    }

    @Test
    void queuesJoinableQueuesAndSimpleQueuesCarryItemsBetweenProcesses() throws Exception {
        Queue<Integer> q = THREADS.queue(2);
        JoinableQueue<String> jq = THREADS.joinableQueue();
        SimpleQueue<String> sq = THREADS.simpleQueue();
        Process producer = start(() -> {
            for (int i = 0; i < 100; i++) {
                q.put(i);
            }
            sq.put("done");
        });
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            got.add(q.get(HANG));
        }
        assertEquals(IntStream.range(0, 100).boxed().toList(), got);
        assertEquals("done", sq.get());
        joinOk(producer);
        q.put(1);
        q.put(2);
        assertTrue(q.full());
        assertThrows(Empty.class, () -> THREADS.<Integer>queue().getNowait());

        Process consumer = start(() -> {
            for (int i = 0; i < 3; i++) {
                jq.get();
                jq.taskDone();
            }
        });
        jq.put("a");
        jq.put("b");
        jq.put("c");
        assertTrue(jq.join(HANG));
        assertEquals(0, jq.unfinishedTasks());
        joinOk(consumer);
        assertThrows(IllegalStateException.class, jq::taskDone);
    }

    @Test
    void aPipeCarriesMessagesBothWaysAndEndsWithEndOfFile() throws Exception {
        Pipe pipe = THREADS.pipe();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = start(() -> {
            Object question = theirs.recv();
            theirs.send("answer to " + question);
            theirs.close();
        });
        mine.send("question");
        assertEquals("answer to question", mine.recv());
        joinOk(p);
        theirs.close();
        assertThrows(EOFException.class, mine::recv);
    }

    static void countUnderLock(SharedLock lock, IntValue count) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            try (var _ = lock.hold()) {
                count.set(count.get() + 1); // not atomic: only the lock keeps increments apart
            }
        }
    }

    @Test
    void locksExcludeEachOtherAndKeepTheirOwnershipRules() throws Exception {
        Lock lock = THREADS.lock();
        RLock rlock = THREADS.rlock();
        IntValue count = (IntValue) THREADS.value('i', 0);
        IntValue rcount = (IntValue) THREADS.value('i', 0);
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(start(() -> countUnderLock(lock, count)));
            ps.add(start(() -> countUnderLock(rlock, rcount)));
        }
        for (Process p : ps) {
            joinOk(p);
        }
        assertEquals(2000, count.get());
        assertEquals(2000, rcount.get());

        lock.acquire();
        assertThrows(IllegalStateException.class, lock::acquire, "not reentrant");
        Queue<String> q = THREADS.queue();
        Process other = start(() -> {
            try {
                lock.release();
                q.put("released");
            } catch (IllegalMonitorStateException e) {
                q.put("refused");
            }
        });
        assertEquals("refused", q.get(HANG));
        joinOk(other);
        lock.release();
        assertFalse(lock.isLocked());

        rlock.acquire();
        rlock.acquire();
        assertEquals(2, rlock.holdCount());
        rlock.release();
        rlock.release();
        assertFalse(rlock.isLocked());
        assertThrows(IllegalMonitorStateException.class, rlock::release);
    }

    @Test
    void semaphoresAdmitAtMostTheirValue() throws Exception {
        Semaphore sem = THREADS.semaphore(2);
        IntArray stats = (IntArray) THREADS.array('i', 2); // 0: holders now, 1: most at once
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(start(() -> {
                for (int round = 0; round < 200; round++) {
                    try (var _ = sem.hold()) {
                        try (var _ = stats.getLock().hold()) {
                            int now = stats.get(0) + 1;
                            stats.set(0, now);
                            stats.set(1, Math.max(now, stats.get(1)));
                        }
                        Thread.onSpinWait();
                        try (var _ = stats.getLock().hold()) {
                            stats.set(0, stats.get(0) - 1);
                        }
                    }
                }
            }));
        }
        for (Process p : ps) {
            joinOk(p);
        }
        assertEquals(2, sem.value());
        assertTrue(stats.get(1) <= 2, "most holders at once: " + stats.get(1));
        assertFalse(sem.acquire(Duration.ZERO) && sem.acquire(Duration.ZERO) && sem.acquire(Duration.ZERO));

        BoundedSemaphore bounded = THREADS.boundedSemaphore(1);
        bounded.acquire();
        bounded.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(e.getMessage().contains("bound"), e.getMessage());
    }

    @Test
    void anEventWakesItsWaiters() throws Exception {
        Event event = THREADS.event();
        Queue<String> q = THREADS.queue();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            ps.add(start(() -> {
                event.await();
                q.put("woken " + n);
            }));
        }
        assertFalse(event.await(Duration.ofMillis(1)));
        event.set();
        Set<String> woken = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            woken.add(q.get(HANG));
        }
        assertEquals(Set.of("woken 0", "woken 1", "woken 2"), woken);
        for (Process p : ps) {
            joinOk(p);
        }
        event.clear();
        assertFalse(event.isSet());
    }

    @Test
    void aConditionWakesExactlyAsManyAsSignalled() throws Exception {
        Condition cond = THREADS.condition();
        IntValue ready = (IntValue) THREADS.value('i', 0);
        Queue<String> q = THREADS.queue();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            ps.add(start(() -> {
                try (var _ = cond.hold()) {
                    ready.addAndGet(1); // under the lock, as the wait that follows
                    cond.await();
                }
                q.put("woken " + n);
            }));
        }
        boolean signalled = false;
        while (!signalled) { // seen under the lock, ready == 3 means all three are waiting
            try (var _ = cond.hold()) {
                if (ready.get() == 3) {
                    cond.signal(2);
                    signalled = true;
                }
            }
        }
        q.get(HANG);
        q.get(HANG);
        assertThrows(Empty.class, () -> q.get(Duration.ofMillis(50)), "only two were signalled");
        try (var _ = cond.hold()) {
            cond.signalAll();
        }
        q.get(HANG);
        for (Process p : ps) {
            joinOk(p);
        }
        assertThrows(IllegalMonitorStateException.class, cond::await);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> THREADS.condition(new Lock()));
        assertTrue(mixed.getMessage().contains("threads"), mixed.getMessage());
    }

    @Test
    void aBarrierReleasesAllPartiesTogetherAndBreaks() throws Exception {
        IntValue actions = (IntValue) THREADS.value('i', 0);
        Barrier barrier = THREADS.barrier(3, () -> actions.addAndGet(1), null);
        Queue<Integer> indices = THREADS.queue();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(start(() -> {
                indices.put(barrier.await());
                indices.put(barrier.await());
            }));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(indices.get(HANG));
        }
        assertEquals(Set.of(0, 1, 2), seen);
        for (Process p : ps) {
            joinOk(p);
        }
        assertEquals(2, actions.get());

        Barrier two = THREADS.barrier(2);
        Queue<String> outcome = THREADS.queue();
        Process waiter = start(() -> {
            try {
                two.await();
                outcome.put("passed");
            } catch (BrokenBarrierException e) {
                outcome.put("broken");
            }
        });
        while (two.waiting() == 0) {
            Thread.onSpinWait(); // the waiter has arrived
        }
        two.abort();
        assertEquals("broken", outcome.get(HANG));
        joinOk(waiter);
        assertTrue(two.isBroken());
        assertThrows(BrokenBarrierException.class, two::await);
        two.reset();
        assertFalse(two.isBroken());
        assertThrows(BrokenBarrierException.class, () -> two.await(Duration.ofMillis(1)), "a timeout breaks it");
        assertTrue(two.isBroken());
    }

    @Test
    void valuesAndArraysAreSharedCells() throws Exception {
        IntValue counter = (IntValue) THREADS.value('i', 0);
        DoubleValue d = (DoubleValue) THREADS.value('d', 1.5);
        IntArray array = (IntArray) THREADS.array('i', new int[] {1, 2, 3, 4, 5});
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(start(() -> {
                for (int n = 0; n < 1000; n++) {
                    counter.addAndGet(1);
                }
                try (var _ = array.getLock().hold()) {
                    for (int k = 0; k < array.length(); k++) {
                        array.set(k, array.get(k) + 1);
                    }
                }
                d.set(d.get() * 2);
            }));
        }
        for (Process p : ps) {
            joinOk(p);
        }
        assertEquals(2000, counter.get());
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, array.toArray());
        assertTrue(d.get() == 3.0 || d.get() == 6.0, "d=" + d.get());
    }

    @Test
    void aManagersDictListAndNamespaceAreSharedAndHoldCopies() throws Exception {
        try (Manager m = THREADS.manager()) {
            DictProxy<String, List<Integer>> dict = m.dict();
            ListProxy<String> list = m.list();
            Namespace ns = m.namespace();
            Process p = start(() -> {
                dict.put("key1", new ArrayList<>(List.of(1, 2)));
                list.add("from " + Multiprocessing.currentProcess().name());
                ns.set("x", 10);
            });
            joinOk(p);
            assertEquals(Map.of("key1", List.of(1, 2)), dict.snapshot());
            assertEquals(List.of("from " + p.name()), list.snapshot());
            assertEquals(10, ns.get("x"));
            List<Integer> got = dict.get("key1");
            got.add(3); // a copy, as from a manager
            assertEquals(List.of(1, 2), dict.get("key1"));
            ArrayList<Integer> mine = new ArrayList<>(List.of(9));
            dict.put("key2", mine);
            mine.add(10);
            assertEquals(List.of(9), dict.get("key2"));
            dict.put("a", List.of());
            assertEquals(List.of("key1", "key2", "a"), new ArrayList<>(dict.snapshot().keySet()), "insertion order");
            Lock lock = m.lock();
            assertTrue(lock.toString().contains("threads"), lock.toString());
        }
    }

    @Test
    void aPoolOfTheContextRunsItsWorkersAsThreadsAndThreadPoolIsOne() throws Exception {
        try (Pool pool = THREADS.pool(2)) {
            assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)));
            assertEquals(ProcessHandle.current().pid(), (long) pool.apply(() -> ProcessHandle.current().pid()));
            String worker = pool.apply(() -> Thread.currentThread().getName());
            assertTrue(worker.startsWith("PoolWorker-"), worker);
            assertEquals(worker, pool.apply(() -> Multiprocessing.currentProcess().name()));
        }
        try (Pool pool = new ThreadPool(2)) {
            String worker = pool.apply(() -> Thread.currentThread().getName());
            assertTrue(worker.startsWith("ThreadPoolWorker-"), worker);
            assertEquals("threads", pool.apply(() -> Multiprocessing.context().name()));
        }
    }

    @Test
    void aPoolThreadThatDiesOfAnErrorFailsItsTaskOnceInsteadOfRunningItAgain() throws Exception {
        IntValue runs = (IntValue) THREADS.value('i', 0);
        try (Pool pool = THREADS.pool(2)) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.apply(() -> {
                runs.addAndGet(1);
                throw new OutOfMemoryError("pretended by the test");
            }));
            assertTrue(e.getMessage().contains("pretended by the test"), e.getMessage());
            assertEquals(1, runs.get(), "the task ran once, as in a pool of child JVMs");
            assertEquals(List.of(2, 3), pool.map(x -> x + 1, List.of(1, 2)), "the pool replaced the worker");
        }
    }

    @Test
    void theContextsObjectsProcessesAndPoolsUseNoSharedMemory() throws Exception {
        long self = ProcessHandle.current().pid();
        Set<String> before = SegmentLifetimeTest.segmentsOf(self);
        Queue<Integer> q = THREADS.queue();
        Lock lock = THREADS.lock();
        IntArray array = (IntArray) THREADS.array('i', 3);
        Pipe pipe = THREADS.pipe();
        Connection end = pipe.right();
        Condition cond = THREADS.condition();
        Barrier barrier = THREADS.barrier(1);
        Process p = start(() -> {
            try (var _ = lock.hold()) {
                array.set(0, 1);
            }
            q.put(barrier.await());
            end.send("x");
            try (var _ = cond.hold()) {
                cond.signalAll();
            }
        });
        assertEquals(0, q.get(HANG));
        assertEquals("x", pipe.left().recv());
        joinOk(p);
        try (Pool pool = THREADS.pool(2); Manager m = THREADS.manager()) {
            assertEquals(List.of(2, 4), pool.map(x -> x * 2, List.of(1, 2)));
            m.dict().put("k", 1);
            assertEquals(Set.of(), difference(SegmentLifetimeTest.segmentsOf(self), before),
                    "segments made by the threads context");
        }
        assertEquals(1, array.get(0));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new java.util.TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
