package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.spi.Mutex;

/**
 * A {@link org.multiprocessing4j.Lock} or {@link org.multiprocessing4j.RLock} on the cluster: a
 * key lock of the {@code IMap} {@value ClusterBackend#LOCKS}. Hazelcast owns such a lock by
 * (member or client, thread) and releases it when the owning member leaves the cluster or the
 * owning client disconnects, so a lock whose holder died does not stay locked.
 *
 * <p>Invariant: {@link #HOLDS} counts this JVM's holds per thread and lock; the map lock is held
 * exactly while the count is positive. Hazelcast's own lock is reentrant; a non-reentrant lock
 * refuses a second acquire by its holder here, before asking the cluster.
 */
final class ClusterMutex implements Mutex {
    private static final ThreadLocal<Map<String, Integer>> HOLDS = ThreadLocal.withInitial(HashMap::new);
    /**
     * Each wait for the lock is cut in slices of this length, so that interrupts are seen, and so
     * that the request of an interrupted wait lives on in the cluster for at most this long.
     */
    private static final long SLICE_MILLIS = 250;
    /** How much longer than a slice an interrupted wait waits for its request to end. */
    private static final long GRACE_MILLIS = 250;

    private final String name;
    private final boolean reentrant;
    private final IMap<String, Boolean> locks;

    ClusterMutex(ClusterBackend backend, String name, boolean reentrant) {
        this.name = name;
        this.reentrant = reentrant;
        this.locks = backend.hazelcast.getMap(ClusterBackend.LOCKS);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        Map<String, Integer> holds = HOLDS.get();
        Integer held = holds.get(name);
        if (held != null) {
            if (!reentrant) {
                throw new IllegalStateException("Lock is not reentrant and this thread holds it already; use RLock");
            }
            holds.put(name, held + 1);
            return true;
        }
        if (timeoutNanos > 0 && Thread.interrupted()) {
            throw new InterruptedException(); // before asking: a request given up on may still be granted
        }
        boolean got;
        try {
            if (timeoutNanos <= 0) {
                got = locks.tryLock(name);
            } else {
                long deadline = System.nanoTime() + timeoutNanos;
                long remaining = timeoutNanos;
                do {
                    got = locks.tryLock(name, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)),
                            TimeUnit.NANOSECONDS);
                } while (!got && (timeoutNanos == Long.MAX_VALUE || (remaining = deadline - System.nanoTime()) > 0));
            }
        } catch (HazelcastException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                // the client's proxy wraps an interrupted wait and re-asserts the interrupt: give
                // it back as a thrown InterruptedException, which clears the status
                Thread.interrupted();
                dropLateGrant();
                throw interrupted;
            }
            throw e;
        }
        if (got) {
            holds.put(name, 1);
        }
        return got;
    }

    /**
     * After an interrupted wait: the cluster still holds that wait's request, and may grant it to
     * this thread after it gave up (the lock would then stay held until this JVM disconnects).
     * Waits until the request's slice is over, then releases every hold the cluster gave this
     * thread: it held none when it asked ({@link #HOLDS} had no count for it).
     */
    private void dropLateGrant() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS + GRACE_MILLIS);
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException again) {
                // already being interrupted: the exception the caller gets stands for this one too
            }
        }
        try {
            for (int i = 0; i < 1_000; i++) { // a bound: the late grants are one or two
                locks.unlock(name);
            }
        } catch (IllegalMonitorStateException notHeld) {
            // this thread holds it no more (or never got it)
        }
    }

    @Override
    public void release() {
        Map<String, Integer> holds = HOLDS.get();
        Integer held = holds.get(name);
        if (held == null) {
            throw new IllegalMonitorStateException("lock " + name + " is not held by this thread");
        }
        if (held > 1) {
            holds.put(name, held - 1);
            return;
        }
        holds.remove(name);
        locks.unlock(name);
    }

    @Override
    public boolean isLocked() {
        return locks.isLocked(name);
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return HOLDS.get().containsKey(name);
    }

    @Override
    public int holdCount() {
        return HOLDS.get().getOrDefault(name, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref(reentrant ? "rlock" : "lock", name);
    }
}
