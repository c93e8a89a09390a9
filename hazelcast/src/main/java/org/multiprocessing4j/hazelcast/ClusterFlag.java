package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.Map;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.Flag;

/**
 * An {@link org.multiprocessing4j.Event} on the cluster: a {@link State} entry of the {@code IMap}
 * {@value ClusterBackend#SYNC}, changed only by entry processors.
 *
 * <p>Invariant: {@code sets} counts the changes from clear to set and never decreases. A waiter
 * notes {@code sets} when it starts and returns true once the flag is set <em>or</em> {@code sets}
 * moved, so a {@code set()} promptly followed by {@code clear()} still releases every waiter that
 * was waiting then (as CPython's {@code Event}, whose waiters are notified). Waiters poll (1 to
 * 20 ms apart), so they see a set within about 20 ms.
 *
 * <p>Consistency: AP, not linearizable; the entry has one backup and survives the loss of one
 * member. A waiter on a member that dies just stops waiting; nothing is left behind.
 */
final class ClusterFlag implements Flag {
    private final String name;
    private final IMap<String, Object> sync;

    ClusterFlag(ClusterBackend backend, String name) {
        this.name = name;
        this.sync = backend.sync();
    }

    static ClusterFlag create(ClusterBackend backend, String name) {
        ClusterFlag f = new ClusterFlag(backend, name);
        f.sync.set(name, new State(false, 0));
        return f;
    }

    @Override
    public void set() {
        sync.executeOnKey(name, Change.SET);
    }

    @Override
    public void clear() {
        sync.executeOnKey(name, Change.CLEAR);
    }

    @Override
    public boolean isSet() {
        return state().set();
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        State start = state();
        if (start.set()) {
            return true;
        }
        return Polling.await(() -> {
            State now = state();
            return now.set() || now.sets() != start.sets();
        }, timeoutNanos);
    }

    private State state() {
        if (!(sync.get(name) instanceof State s)) {
            throw new IllegalStateException("event " + name + " is no longer in the cluster (its entry was lost)");
        }
        return s;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("event", name);
    }

    /** The event's entry: whether it is set, and how many times it went from clear to set. */
    record State(boolean set, long sets) implements Serializable {}

    /** Sets or clears the flag; returns whether it was set before. */
    enum Change implements EntryProcessor<String, Object, Boolean> {
        SET,
        CLEAR;

        @Override
        public Boolean process(Map.Entry<String, Object> entry) {
            if (!(entry.getValue() instanceof State s)) {
                throw new IllegalStateException("event " + entry.getKey() + " is no longer in the cluster");
            }
            if (this == SET && !s.set()) {
                entry.setValue(new State(true, s.sets() + 1));
            } else if (this == CLEAR && s.set()) {
                entry.setValue(new State(false, s.sets()));
            }
            return s.set();
        }
    }
}
