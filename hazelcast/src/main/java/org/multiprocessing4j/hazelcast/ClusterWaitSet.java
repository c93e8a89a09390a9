package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.hazelcast.ClusterBackend.Party;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The waiters of a {@link org.multiprocessing4j.Condition} on the cluster: a ticket scheme in a
 * {@link State} entry of the {@code IMap} {@value ClusterBackend#SYNC}, changed only by entry
 * processors. The condition's lock is a {@link ClusterMutex}.
 *
 * <h2>Tickets</h2>
 * A waiter, holding the lock, takes the next ticket ({@link Enqueue}: it goes into {@code
 * waiting} with the waiter's member or client), releases every hold of the lock, and polls (1 to
 * 20 ms apart) until its ticket is in {@code woken} or its timeout passes. {@link Signal signal(n)}
 * moves the oldest min(n, waiting) tickets from {@code waiting} to {@code woken}. Every wait ends
 * with {@link Leave}, which removes the ticket from whichever set holds it and says which: a
 * waiter returns true (signalled) exactly when its ticket was woken, also when its timeout
 * passed or it was interrupted meanwhile (then it keeps the signal and re-asserts the interrupt).
 * Finally it takes the lock back with as many holds as it had, whatever happened.
 *
 * <h2>Invariants</h2>
 * A ticket is in at most one of {@code waiting} and {@code woken}, and only between its waiter's
 * {@link Enqueue} and {@link Leave}; {@code waiting} holds exactly the waiters not yet signalled.
 * Hence {@code signal(n)} wakes exactly min(n, waiting) waiters and no wait returns true without
 * a signal. No signal is lost: a waiter enqueues while holding the lock and signallers must hold
 * it, so a signal either precedes the enqueue (and the waiter was not waiting yet) or sees the
 * ticket.
 *
 * <h2>Dead waiters</h2>
 * A waiter whose member left the cluster can never leave. {@code signal} drops such tickets
 * (members absent from the signaller's member list) before choosing whom to wake, so they do not
 * swallow signals. A waiter in a client JVM (the application) that dies stays counted and may
 * take a {@code signal(1)} meant for a live waiter; {@code signalAll} is unaffected. Should a
 * signaller's member list lag behind (a waiter on a member it does not know yet), the waiter
 * finds its ticket gone at its next poll and puts it back ({@link Restore}), so it is not lost,
 * though a signal may have passed it by meanwhile.
 *
 * <p>Consistency: AP, not linearizable; the entry has one backup.
 */
final class ClusterWaitSet implements WaitSet {
    private final ClusterBackend backend;
    private final String name;
    private final IMap<String, Object> sync;

    ClusterWaitSet(ClusterBackend backend, String name) {
        this.backend = backend;
        this.name = name;
        this.sync = backend.sync();
    }

    static ClusterWaitSet create(ClusterBackend backend, String name) {
        ClusterWaitSet w = new ClusterWaitSet(backend, name);
        w.sync.set(name, new State(0, new TreeMap<>(), new TreeMap<>()));
        return w;
    }

    @Override
    public boolean await(Mutex lock, long timeoutNanos) throws InterruptedException {
        int holds = lock.holdCount();
        if (holds <= 0) {
            throw new IllegalMonitorStateException("await needs the condition's lock held by this thread");
        }
        long ticket = sync.executeOnKey(name, new Enqueue(backend.self()));
        for (int i = 0; i < holds; i++) {
            lock.release();
        }
        InterruptedException interrupted = null;
        boolean signalled = false;
        try {
            try {
                Party self = backend.self();
                Polling.await(() -> woken(ticket, self), timeoutNanos);
            } catch (InterruptedException e) {
                interrupted = e;
            }
            signalled = sync.executeOnKey(name, new Leave(ticket));
        } finally {
            reacquire(lock, holds);
        }
        if (interrupted != null) {
            if (!signalled) {
                throw interrupted;
            }
            Thread.currentThread().interrupt(); // signalled: keep the signal, re-assert the interrupt
        }
        return signalled;
    }

    /** Whether {@code ticket} was signalled; puts it back if a signaller took its waiter for dead. */
    private boolean woken(long ticket, Party self) {
        int where = sync.executeOnKey(name, new IsWoken(ticket));
        if (where == MISSING) {
            sync.executeOnKey(name, new Restore(ticket, self));
        }
        return where == WOKEN;
    }

    /** Takes {@code holds} holds of {@code lock}, waiting as long as needed, ignoring interrupts (re-asserted after). */
    private static void reacquire(Mutex lock, int holds) {
        boolean interrupted = false;
        int taken = 0;
        while (taken < holds) {
            try {
                if (lock.acquire(Long.MAX_VALUE)) {
                    taken++;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void signal(Mutex lock, int n) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("signal needs the condition's lock held by this thread");
        }
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " must be >= 0");
        }
        if (n > 0) {
            sync.executeOnKey(name, new Signal(n, backend.memberUuids()));
        }
    }

    @Override
    public int waiting() {
        return state().waiting().size();
    }

    private State state() {
        if (!(sync.get(name) instanceof State s)) {
            throw gone(name);
        }
        return s;
    }

    private static IllegalStateException gone(String name) {
        return new IllegalStateException("condition " + name + " is no longer in the cluster (its entry was lost)");
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("condition", name);
    }

    /**
     * The condition's entry: the next ticket, the tickets waiting for a signal and the tickets
     * signalled but not yet left, each with its waiter.
     */
    record State(long nextTicket, TreeMap<Long, Party> waiting, TreeMap<Long, Party> woken) implements Serializable {}

    private static State stateOf(Map.Entry<String, Object> entry) {
        if (!(entry.getValue() instanceof State s)) {
            throw gone(entry.getKey());
        }
        return s;
    }

    /** Issues the next ticket to {@code waiter}, as waiting; returns it. */
    record Enqueue(Party waiter) implements EntryProcessor<String, Object, Long> {
        @Override
        public Long process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            long ticket = s.nextTicket();
            s.waiting().put(ticket, waiter);
            entry.setValue(new State(ticket + 1, s.waiting(), s.woken()));
            return ticket;
        }
    }

    static final int WOKEN = 1;
    static final int WAITING = 0;
    static final int MISSING = -1;

    /** Where {@code ticket} is: {@link #WOKEN}, {@link #WAITING} or {@link #MISSING}. */
    record IsWoken(long ticket) implements EntryProcessor<String, Object, Integer>, ReadOnly {
        @Override
        public Integer process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            return s.woken().containsKey(ticket) ? WOKEN : s.waiting().containsKey(ticket) ? WAITING : MISSING;
        }

        @Override
        public EntryProcessor<String, Object, Integer> getBackupProcessor() {
            return null;
        }
    }

    /**
     * Puts back a live waiter's ticket that a signaller dropped, taking its member for gone (the
     * signaller's member list lagged behind the cluster's); the waiter may have missed signals
     * meanwhile.
     */
    record Restore(long ticket, Party waiter) implements EntryProcessor<String, Object, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            if (s.woken().containsKey(ticket) || s.waiting().containsKey(ticket)) {
                return false;
            }
            s.waiting().put(ticket, waiter);
            entry.setValue(s);
            return true;
        }
    }

    /** Removes {@code ticket}; returns whether it had been signalled. */
    record Leave(long ticket) implements EntryProcessor<String, Object, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            boolean woken = s.woken().remove(ticket) != null;
            if (!woken) {
                s.waiting().remove(ticket);
            }
            entry.setValue(s);
            return woken;
        }
    }

    /**
     * Drops the tickets of waiters on members not in {@code members}, then moves the oldest {@code
     * n} waiting tickets to woken; returns how many it woke.
     */
    record Signal(int n, Set<UUID> members) implements EntryProcessor<String, Object, Integer> {
        @Override
        public Integer process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            s.waiting().values().removeIf(p -> p.goneFrom(members));
            s.woken().values().removeIf(p -> p.goneFrom(members));
            int woke = 0;
            while (woke < n && !s.waiting().isEmpty()) {
                Map.Entry<Long, Party> first = s.waiting().pollFirstEntry();
                s.woken().put(first.getKey(), first.getValue());
                woke++;
            }
            entry.setValue(s);
            return woke;
        }
    }
}
