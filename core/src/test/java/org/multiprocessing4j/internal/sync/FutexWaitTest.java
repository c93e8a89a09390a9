package org.multiprocessing4j.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.internal.shm.Futex;

/** The one wait loop: how a wait ends (ready, timeout, dead peer, interrupt) and that sleepers are counted. */
@Timeout(120)
class FutexWaitTest {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long WORD = 0;
    private static final long SLEEPERS = 4;

    private static FutexWait.Poll nonZero(MemorySegment m) {
        return () -> {
            int v = (int) INT.getVolatile(m, WORD);
            return v != 0 ? FutexWait.READY : v;
        };
    }

    @Test
    void aSleeperWakesWhenAnotherThreadChangesTheWordAndWakesIt() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(8, 8);
            FutexWait wait = new FutexWait(m, WORD, SLEEPERS);
            CompletableFuture<FutexWait.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return wait.sleep(nonZero(m), Long.MAX_VALUE, null, 0, null);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofPlatform().start(r));
            // the waker's side of the invariant: store, then read sleepers, wake only if some
            INT.setVolatile(m, WORD, 1);
            while (!outcome.isDone()) {
                if ((int) INT.getVolatile(m, SLEEPERS) > 0) {
                    Futex.wake(m, WORD, Integer.MAX_VALUE);
                }
                Thread.onSpinWait();
            }
            assertEquals(FutexWait.Outcome.READY, outcome.get(60, TimeUnit.SECONDS));
            assertEquals(0, (int) INT.getVolatile(m, SLEEPERS), "the sleeper unregistered");
        }
    }

    @Test
    void aWaitEndsAtItsDeadlineOrWhenThePeerIsGone() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(8, 8);
            FutexWait wait = new FutexWait(m, WORD, SLEEPERS);
            assertFalse(wait.spin(nonZero(m), 10));
            assertFalse(wait.spinFor(nonZero(m), 1_000, 2));
            assertEquals(FutexWait.Outcome.TIMED_OUT, wait.sleep(nonZero(m), WaitPolicy.deadline(1_000_000), null, 0, null));
            AtomicInteger checks = new AtomicInteger();
            FutexWait.PeerCheck<RuntimeException> thirdCheckFindsItDead = () -> checks.incrementAndGet() == 3;
            assertEquals(FutexWait.Outcome.PEER_GONE, wait.sleep(nonZero(m), Long.MAX_VALUE, thirdCheckFindsItDead, 0, null));
            assertEquals(3, checks.get(), "checked at once, then every PEER_CHECK_NANOS");
            INT.setVolatile(m, WORD, 5);
            assertTrue(wait.spin(nonZero(m), 1));
            assertEquals(FutexWait.Outcome.READY, wait.sleep(nonZero(m), WaitPolicy.deadline(0), () -> true, 0, null),
                    "a condition that holds wins over a dead peer and a passed deadline");
            assertEquals(0, (int) INT.getVolatile(m, SLEEPERS));
        }
    }

    @Test
    void anInterruptEndsTheWaitRunsTheHandOffAndClearsTheFlag() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(8, 8);
            FutexWait wait = new FutexWait(m, WORD, -1);
            AtomicBoolean handedOff = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    wait.sleep(nonZero(m), Long.MAX_VALUE, null, 0, () -> handedOff.set(true));
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(Thread.currentThread().isInterrupted() ? new AssertionError("flag left set", e) : e);
                }
            });
            started.await();
            waiter.interrupt();
            Throwable e = thrown.get(60, TimeUnit.SECONDS);
            assertTrue(e instanceof InterruptedException, "interrupted: " + e);
            assertTrue(handedOff.get(), "onInterrupt ran");
            waiter.join();
        }
    }
}
