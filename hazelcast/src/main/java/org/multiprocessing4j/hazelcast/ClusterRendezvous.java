package org.multiprocessing4j.hazelcast;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.locks.LockSupport;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.hazelcast.ClusterBackend.Party;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.Rendezvous;

/**
 * A {@link org.multiprocessing4j.Barrier} on the cluster: a {@link State} entry of the {@code
 * IMap} {@value ClusterBackend#SYNC} (generation, parties arrived, broken flag, outcome of past
 * generations), changed only by entry processors.
 *
 * <h2>Rounds</h2>
 * A party arrives with {@link Arrive}, which gives it index = count (0 for the first, as locally
 * and in CPython) and increments count. The last party ({@code index == parties - 1}) runs the
 * action in its own JVM, then {@link Complete} ends the generation (recording it as broken if
 * the action threw) and starts the next. The others poll (1 to 20 ms apart) until the generation
 * changes, then read its outcome. While the last party runs the action, count equals parties and
 * an extra caller's {@link Arrive} answers busy: it retries until the next generation.
 *
 * <h2>Breaking</h2>
 * A waiter's timeout or interrupt, {@code abort()}, a failing action, or a party on a member that
 * left the cluster breaks the current generation ({@link BreakRound}): it is recorded as broken
 * in {@code outcomes} and a new one starts, so its waiters throw {@link BrokenBarrierException};
 * {@code broken} stays set, so later arrivals throw too, until {@code reset()}, which makes the
 * current waiters throw and leaves the barrier usable. A timeout or interrupt that comes after the
 * round ended does not break it: the round's outcome decides. The action runs outside the entry
 * (unlike the local barrier, which holds its mutex), so a waiter that times out during a slow
 * action does break the round; the last party then throws {@link BrokenBarrierException} too.
 *
 * <h2>Invariants</h2>
 * {@code 0 <= count <= parties}; {@code arrived} lists the parties of the current generation
 * ({@code count} of them); bit {@code g mod 64} of {@code outcomes} tells whether generation g
 * ended broken, and is written once when g ends, so a waiter's result does not depend on what
 * happens to the barrier after its round (for 64 generations).
 *
 * <h2>Dead parties</h2>
 * Every {@value #PEER_CHECK_MILLIS} ms a waiter compares the parties that arrived in its round
 * with the cluster's members; if one ran on a member that has left, it breaks the round. A party
 * that dies before it arrives, or one in a client JVM, is not noticed: the others wait for their
 * timeout (without one, for ever, as in CPython).
 *
 * <p>Consistency: AP, not linearizable; the entry has one backup.
 */
final class ClusterRendezvous implements Rendezvous {
    static final long PEER_CHECK_MILLIS = 500;

    private final ClusterBackend backend;
    private final String name;
    private final int parties;
    private final SerializableRunnable action;
    private final IMap<String, Object> sync;

    ClusterRendezvous(ClusterBackend backend, String name, int parties, SerializableRunnable action) {
        this.backend = backend;
        this.name = name;
        this.parties = parties;
        this.action = action;
        this.sync = backend.sync();
    }

    static ClusterRendezvous create(ClusterBackend backend, String name, int parties, SerializableRunnable action) {
        ClusterRendezvous r = new ClusterRendezvous(backend, name, parties, action);
        r.sync.set(name, new State(parties, 0, 0, false, 0L, List.of()));
        return r;
    }

    @Override
    public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeoutNanos);
        Party self = backend.self();
        long pauseNanos = 1_000_000;
        long arrival;
        while ((arrival = sync.executeOnKey(name, new Arrive(self))) == BUSY) {
            // the previous round's action is running: its generation ends soon
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                throw new BrokenBarrierException("barrier broken: timed out waiting for the previous round to end");
            }
            LockSupport.parkNanos(Math.min(left, pauseNanos));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            pauseNanos = Math.min(pauseNanos * 2, Polling.MAX_PAUSE_MILLIS * 1_000_000);
        }
        if (arrival == BROKEN) {
            throw new BrokenBarrierException("barrier broken");
        }
        int generation = (int) (arrival >>> 32);
        int index = (int) arrival;
        if (index == parties - 1) {
            return last(generation, index);
        }
        return waitForRound(generation, index, deadline);
    }

    /** The last party: runs the action and ends the round. */
    private int last(int generation, int index) throws BrokenBarrierException {
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                sync.executeOnKey(name, new BreakRound(generation, false));
                throw e;
            } catch (Exception e) {
                sync.executeOnKey(name, new BreakRound(generation, false));
                throw new IllegalStateException("barrier action failed: " + e, e);
            }
        }
        if (!sync.executeOnKey(name, new Complete(generation))) {
            throw new BrokenBarrierException("barrier broken while its action ran");
        }
        return index;
    }

    private int waitForRound(int generation, int index, long deadline)
            throws InterruptedException, BrokenBarrierException {
        long pauseNanos = 1_000_000;
        long nextPeerCheck = System.nanoTime() + PEER_CHECK_MILLIS * 1_000_000;
        while (true) {
            State s = state();
            if (s.generation() != generation) {
                return finish(s, generation, index);
            }
            long now = System.nanoTime();
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
            if (left <= 0) {
                if (breakRound(generation)) {
                    throw new BrokenBarrierException("barrier broken: timed out waiting for " + parties + " parties");
                }
                continue; // the round ended meanwhile: its outcome decides
            }
            if (now - nextPeerCheck >= 0) {
                nextPeerCheck = now + PEER_CHECK_MILLIS * 1_000_000;
                Set<UUID> members = backend.memberUuids();
                for (Party p : s.arrived()) {
                    if (p.goneFrom(members) && breakRound(generation)) {
                        throw new BrokenBarrierException("barrier broken: a party's member " + p.uuid() + " left the cluster");
                    }
                }
            }
            LockSupport.parkNanos(Math.min(left, pauseNanos));
            if (Thread.interrupted()) {
                if (breakRound(generation)) {
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt(); // the round ended: keep the interrupt for later
                return finish(state(), generation, index);
            }
            pauseNanos = Math.min(pauseNanos * 2, Polling.MAX_PAUSE_MILLIS * 1_000_000);
        }
    }

    private static int finish(State s, int generation, int index) throws BrokenBarrierException {
        if ((s.outcomes() >>> (generation & 63) & 1) != 0) {
            throw new BrokenBarrierException("barrier broken");
        }
        return index;
    }

    /** Breaks round {@code generation} if it is still current; returns whether it did. */
    private boolean breakRound(int generation) {
        return sync.executeOnKey(name, new BreakRound(generation, false));
    }

    @Override
    public void abort() {
        sync.executeOnKey(name, new BreakRound(ANY_GENERATION, false));
    }

    @Override
    public void reset() {
        sync.executeOnKey(name, new BreakRound(ANY_GENERATION, true));
    }

    @Override
    public boolean isBroken() {
        return state().broken();
    }

    @Override
    public int waiting() {
        return state().count();
    }

    @Override
    public int parties() {
        return parties;
    }

    private State state() {
        if (!(sync.get(name) instanceof State s)) {
            throw gone(name);
        }
        return s;
    }

    private static IllegalStateException gone(String name) {
        return new IllegalStateException("barrier " + name + " is no longer in the cluster (its entry was lost)");
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new Handle(name, parties, action);
    }

    /** The serialized form: the entry's name, the parties and the action; deserializes against {@link ClusterBackend#local()}. */
    record Handle(String name, int parties, SerializableRunnable action) implements Serializable {
        @Serial
        private Object readResolve() {
            return new ClusterRendezvous(ClusterBackend.local(), name, parties, action);
        }
    }

    /** What {@link Arrive} returns when the barrier is broken. */
    static final long BROKEN = -1;
    /** What {@link Arrive} returns while the last party of a round runs the action. */
    static final long BUSY = -2;
    static final int ANY_GENERATION = -1;

    /**
     * The barrier's entry.
     *
     * @param generation the current round, bumped when a round completes, breaks or resets
     * @param count the parties arrived in it
     * @param broken set by a break until reset
     * @param outcomes bit g mod 64 set when generation g ended broken or reset
     * @param arrived the parties arrived in the current generation
     */
    record State(int parties, int generation, int count, boolean broken, long outcomes, List<Party> arrived)
            implements Serializable {
        /** Ends the current generation with {@code brokenRound} as its outcome and starts the next, with no party. */
        State advance(boolean brokenRound, boolean brokenAfter) {
            long bit = 1L << (generation & 63);
            return new State(parties, generation + 1, 0, brokenAfter,
                    brokenRound ? outcomes | bit : outcomes & ~bit, List.of());
        }
    }

    private static State stateOf(Map.Entry<String, Object> entry) {
        if (!(entry.getValue() instanceof State s)) {
            throw gone(entry.getKey());
        }
        return s;
    }

    /**
     * Arrives: returns {@code generation << 32 | index}, or {@link #BROKEN}, or {@link #BUSY} while
     * the round is full and its action runs.
     */
    record Arrive(Party party) implements EntryProcessor<String, Object, Long> {
        @Override
        public Long process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            if (s.broken()) {
                return BROKEN;
            }
            if (s.count() >= s.parties()) {
                return BUSY;
            }
            List<Party> arrived = new ArrayList<>(s.arrived());
            arrived.add(party);
            entry.setValue(new State(s.parties(), s.generation(), s.count() + 1, false, s.outcomes(), List.copyOf(arrived)));
            return ((long) s.generation() << 32) | s.count();
        }
    }

    /** Ends round {@code generation} as passed, if it is still current and full; returns whether it did. */
    record Complete(int generation) implements EntryProcessor<String, Object, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            if (s.generation() != generation || s.count() != s.parties()) {
                return false;
            }
            entry.setValue(s.advance(false, false));
            return true;
        }
    }

    /**
     * Breaks round {@code generation} ({@link #ANY_GENERATION}: the current one) if it is current:
     * its waiters throw; the barrier stays broken unless {@code reset}. Returns whether it did.
     */
    record BreakRound(int generation, boolean reset) implements EntryProcessor<String, Object, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Object> entry) {
            State s = stateOf(entry);
            if (generation != ANY_GENERATION && s.generation() != generation) {
                return false;
            }
            entry.setValue(s.advance(true, !reset));
            return true;
        }
    }
}
