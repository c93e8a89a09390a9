package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.Map;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.Permits;

/**
 * A {@link org.multiprocessing4j.Semaphore} or {@link org.multiprocessing4j.BoundedSemaphore} on
 * the cluster: a {@link State} entry of the {@code IMap} {@value ClusterBackend#SYNC}, changed only
 * by entry processors, which Hazelcast runs one at a time per key on the partition's owner.
 *
 * <p>Invariant: {@code 0 <= value} and, with a bound, {@code value <= bound}. {@link Take}
 * decrements only a positive value, {@link Give} increments only below the bound, so no
 * interleaving of acquires and releases from any JVM breaks it. A waiting acquire retries {@link
 * Take} with {@link Polling} (1 to 20 ms apart): a release is seen within about 20 ms and there is
 * no fairness between waiters.
 *
 * <p>Consistency: AP, not linearizable. The entry has one backup; if its owner member dies, the
 * backup (which applied the same processors) takes over, but a processor in flight at that moment
 * may be lost or, when the caller retries, applied twice. Permits held by a process whose member
 * dies are not given back (as locally); waiters on a dead member simply stop polling.
 */
final class ClusterPermits implements Permits {
    private final String name;
    private final IMap<String, Object> sync;
    private int bound = Integer.MIN_VALUE; // read once: it never changes

    ClusterPermits(ClusterBackend backend, String name) {
        this.name = name;
        this.sync = backend.sync();
    }

    static ClusterPermits create(ClusterBackend backend, String name, int initial, int bound) {
        ClusterPermits p = new ClusterPermits(backend, name);
        p.sync.set(name, new State(initial, bound < 0 ? -1 : bound));
        p.bound = bound < 0 ? -1 : bound;
        return p;
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (take()) {
            return true;
        }
        return timeoutNanos > 0 && Polling.await(this::take, timeoutNanos);
    }

    private boolean take() {
        int before = sync.executeOnKey(name, Take.INSTANCE);
        if (before == GONE) {
            throw gone();
        }
        return before > 0;
    }

    @Override
    public void release() {
        int before = sync.executeOnKey(name, Give.INSTANCE);
        if (before == GONE) {
            throw gone();
        }
        if (before < 0) {
            throw new IllegalStateException("semaphore released too many times: value=" + (-before - 1)
                    + " + 1 would pass its bound " + bound());
        }
    }

    @Override
    public int bound() {
        if (bound == Integer.MIN_VALUE) {
            bound = state().bound();
        }
        return bound;
    }

    @Override
    public int value() {
        return state().value();
    }

    private State state() {
        if (!(sync.get(name) instanceof State s)) {
            throw gone();
        }
        return s;
    }

    private IllegalStateException gone() {
        return new IllegalStateException("semaphore " + name + " is no longer in the cluster (its entry was lost)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("semaphore", name);
    }

    /** What a processor returns for a missing entry. */
    static final int GONE = Integer.MIN_VALUE;

    /** The semaphore's entry: permits available and the bound (-1: none). */
    record State(int value, int bound) implements Serializable {}

    /** Takes a permit if one is available; returns the value before ({@link #GONE} without entry). */
    enum Take implements EntryProcessor<String, Object, Integer> {
        INSTANCE;

        @Override
        public Integer process(Map.Entry<String, Object> entry) {
            if (!(entry.getValue() instanceof State s)) {
                return GONE;
            }
            if (s.value() > 0) {
                entry.setValue(new State(s.value() - 1, s.bound()));
            }
            return s.value();
        }
    }

    /**
     * Gives a permit back unless that passes the bound; returns the value before, or {@code -value
     * - 1} when refused ({@link #GONE} without entry).
     */
    enum Give implements EntryProcessor<String, Object, Integer> {
        INSTANCE;

        @Override
        public Integer process(Map.Entry<String, Object> entry) {
            if (!(entry.getValue() instanceof State s)) {
                return GONE;
            }
            if (s.bound() >= 0 && s.value() >= s.bound()) {
                return -s.value() - 1;
            }
            entry.setValue(new State(s.value() + 1, s.bound()));
            return s.value();
        }
    }
}
