package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.Map;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.TaskCounter;

/**
 * A {@link org.multiprocessing4j.JoinableQueue}'s count of unfinished tasks: an entry of the
 * {@code IMap} {@value ClusterBackend#COUNTERS}, changed atomically by entry processors. {@link
 * #awaitZero} polls (1 to 20 ms apart): there is no blocking wait on a map entry.
 */
final class ClusterTaskCounter implements TaskCounter {
    private final String name;
    private final IMap<String, Long> counters;

    ClusterTaskCounter(ClusterBackend backend, String name) {
        this.name = name;
        this.counters = backend.hazelcast.getMap(ClusterBackend.COUNTERS);
    }

    @Override
    public int get() {
        Long v = counters.get(name);
        return v == null ? 0 : v.intValue();
    }

    @Override
    public void increment() {
        counters.executeOnKey(name, new Add(1));
    }

    @Override
    public void decrement(String what) {
        long before = counters.executeOnKey(name, new Add(-1));
        if (before <= 0) {
            throw new IllegalStateException(what + " called more times than there were items (count=" + before + ")");
        }
    }

    @Override
    public boolean awaitZero(long timeoutNanos) throws InterruptedException {
        return Polling.await(() -> get() == 0, timeoutNanos);
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("counter", name);
    }

    /** Adds {@code delta} unless that would go below zero; returns the value before. */
    record Add(long delta) implements EntryProcessor<String, Long, Long>, Serializable {
        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long before = entry.getValue() == null ? 0 : entry.getValue();
            long after = before + delta;
            if (after >= 0) {
                entry.setValue(after);
            }
            return before;
        }
    }
}
