package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.SharedLock;
import org.multiprocessing4j.Value;

/** The contract of {@link Lock}: an owned, non-reentrant mutual exclusion across processes. */
public abstract class LockContract extends ContextContract {
    /** Adds 1 to {@code counter} {@code times} times with a read and a write, under {@code lock}. */
    static void incrementUnder(SharedLock lock, IntValue counter, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            try (var _ = lock.hold()) {
                counter.set(counter.get() + 1); // two steps: only the lock makes them exact
            }
        }
    }

    @Test
    public void processesIncrementingUnderTheLockGiveTheExactTotal() throws Exception {
        Lock lock = context().lock();
        IntValue counter = context().make(() -> Value.rawInt(0));
        int each = 100;
        var ps = startAll(List.of(() -> incrementUnder(lock, counter, each), () -> incrementUnder(lock, counter, each)));
        incrementUnder(lock, counter, each);
        joinAllOk(ps);
        assertEquals(3 * each, counter.get());
        assertFalse(lock.isLocked());
    }

    @Test
    public void aLockHeldByAnotherProcessExcludesThisOneUntilReleased() throws Exception {
        Lock lock = context().lock();
        Queue<String> events = context().queue();
        Queue<String> go = context().queue();
        var holder = start(() -> {
            lock.acquire();
            events.put("held");
            go.get();
            lock.release();
        });
        assertEquals("held", events.get(HANG));
        assertTrue(lock.isLocked());
        assertFalse(lock.isHeldByCurrentThread());
        assertFalse(lock.tryAcquire());
        assertFalse(lock.acquire(Duration.ZERO));
        assertFalse(lock.acquire(Duration.ofMillis(50)), "times out while the other process holds it");
        assertThrows(IllegalMonitorStateException.class, lock::release, "only the holder may release");
        go.put("go");
        assertTrue(lock.acquire(HANG));
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
        joinOk(holder);
        assertFalse(lock.isLocked());
    }

    @Test
    public void anotherProcessCannotReleaseTheLockAndTimesOutAcquiringIt() throws Exception {
        Lock lock = context().lock();
        Queue<String> results = context().queue();
        lock.acquire();
        try {
            var p = start(() -> {
                try {
                    lock.release();
                    results.put("release allowed");
                } catch (IllegalMonitorStateException e) {
                    results.put("release refused");
                }
                results.put("acquired " + lock.acquire(Duration.ofMillis(100)));
            });
            assertEquals("release refused", results.get(HANG));
            assertEquals("acquired false", results.get(HANG));
            joinOk(p);
            assertTrue(lock.isHeldByCurrentThread(), "still held here");
        } finally {
            lock.release();
        }
    }

    @Test
    public void misuseFailsClearly() throws Exception {
        Lock lock = context().lock();
        IllegalMonitorStateException notHeld = assertThrows(IllegalMonitorStateException.class, lock::release);
        assertTrue(notHeld.getMessage().contains("not held"), notHeld.getMessage());
        lock.acquire();
        IllegalStateException reentry = assertThrows(IllegalStateException.class, lock::acquire, "not reentrant");
        assertTrue(reentry.getMessage().contains("RLock"), "names the reentrant lock: " + reentry.getMessage());
        assertFalse(lock.tryAcquire());
        // Another thread of this process may not release it either, and times out acquiring it.
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
            String released;
            try {
                lock.release();
                released = "allowed";
            } catch (IllegalMonitorStateException e) {
                released = "refused";
            }
            try {
                return released + " " + lock.acquire(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        assertEquals("refused false", other.get(HANG.toSeconds(), TimeUnit.SECONDS));
        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    public void theJavaUtilConcurrentFormsAndAnInterruptedWait() throws Exception {
        java.util.concurrent.locks.Lock lock = context().lock();
        lock.lock();
        try {
            assertTrue(((Lock) lock).isHeldByCurrentThread());
        } finally {
            lock.unlock();
        }
        assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
        lock.unlock();
        assertTrue(lock.tryLock());
        lock.unlock();

        Lock held = context().lock();
        Queue<String> events = context().queue();
        Queue<String> go = context().queue();
        var holder = start(() -> {
            held.acquire();
            events.put("held");
            go.get();
            held.release();
        });
        assertEquals("held", events.get(HANG));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, held::acquire, "an interrupted wait throws");
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt is consumed by the exception");
        // A thread interrupted while it waits gets InterruptedException and does not get the lock.
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> waiter = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            try {
                held.acquire();
                held.release();
                waiter.complete("acquired");
            } catch (InterruptedException e) {
                waiter.complete("interrupted, flag " + Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                waiter.complete(e.toString());
            }
        });
        waiting.await();
        t.interrupt();
        assertEquals("interrupted, flag false", waiter.get(HANG.toSeconds(), TimeUnit.SECONDS));
        t.join();
        go.put("go");
        joinOk(holder);
        assertTrue(held.acquire(HANG), "the interrupted wait left no hold behind");
        held.release();
    }
}
