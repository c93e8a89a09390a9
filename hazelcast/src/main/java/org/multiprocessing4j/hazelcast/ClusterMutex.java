package org.multiprocessing4j.hazelcast;

import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** Each wait for the lock is cut in slices of this length, so that interrupts are seen. */
    private static final long SLICE_MILLIS = 1_000;

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
        boolean got;
        if (timeoutNanos <= 0) {
            got = locks.tryLock(name);
        } else if (timeoutNanos == Long.MAX_VALUE) {
            do {
                got = locks.tryLock(name, SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } while (!got);
        } else {
            got = locks.tryLock(name, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (got) {
            holds.put(name, 1);
        }
        return got;
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
