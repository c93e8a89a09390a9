package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.launch.ExitSequence;
import org.multiprocessing4j.internal.launch.Shipping;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedBarrier;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Rendezvous;

/**
 * A barrier for a fixed number of processes, as Python's {@code multiprocessing.Barrier}: each
 * party blocks in {@link #await()} until all have arrived, then all continue; it can be used for
 * many rounds. Python's {@code wait()} is {@code await()} here.
 *
 * <pre>{@code
 * Barrier barrier = new Barrier(3);
 * Process p = new Process(() -> {
 *     System.out.println("waiting at the barrier");
 *     barrier.await();
 *     System.out.println("passed the barrier");
 * });
 * }</pre>
 *
 * <h2>Breaking</h2>
 * A timeout, {@link #abort()}, an action that throws, an interrupted waiter, or a party process that
 * dies while others wait breaks the barrier: every waiter and every later {@code await} throws
 * {@link BrokenBarrierException} until {@link #reset()}. (CPython would leave the others hanging
 * when a party dies.) Dead parties are noticed within about half a second among the processes that
 * received this barrier (up to 64 of them).
 *
 * <p>Actions of a party before {@code await} happen-before the return of {@code await} in every party.
 *
 * <p>Made in another context (such as the cluster), the barrier lives there and every copy of this
 * object reaches it; that context says how it notices dead parties and what consistency it gives.
 */
public final class Barrier implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    /** The number of parties a round needs. */
    private final int parties;
    /** Run by the last party of each round; null for none. */
    private final SerializableRunnable action;
    /** The default timeout of {@link #await()}; null for none. */
    private final Duration timeout;
    /** The shared-memory barrier; both {@code null} when {@link #remote} is set. */
    final transient SharedSegment segment;
    private final transient SharedBarrier barrier;
    /** For a manager's barrier on the manager's machine: shipped in place of the segment's name (see {@link MutexLock#managed}). */
    transient ManagedRef managed;
    /** The barrier of another context (a cluster), or {@code null} for a shared-memory one. */
    private final transient Rendezvous remote;

    /**
     * Creates a barrier for {@code parties} processes.
     *
     * @param parties the number of processes (or threads) that must call {@code await} before all
     *     are released, 1 or more
     * @throws IllegalArgumentException if parties is not positive
     */
    public Barrier(int parties) {
        this(parties, null, null);
    }

    /**
     * Creates a barrier with an action, run once per round by the last party to arrive before any
     * is released, and a default timeout for {@link #await()} ({@code null}: none).
     *
     * @param parties the number of processes (or threads) that must call {@code await} before all
     *     are released, 1 or more
     * @param action run by the last party to arrive, before the others are released, once per
     *     round; null for none
     * @param timeout the default timeout of {@link #await()}; a timeout breaks the barrier; {@code
     *     null} for none
     * @throws IllegalArgumentException if parties is not positive or the timeout is negative
     */
    public Barrier(int parties, SerializableRunnable action, Duration timeout) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties=" + parties + " must be > 0");
        }
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout=" + timeout + " must not be negative");
        }
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
        Backend backend = Contexts.backend();
        if (backend != null) {
            this.remote = backend.rendezvous(parties, action, timeout == null ? Long.MAX_VALUE : timeout.toNanos());
            this.segment = null;
            this.barrier = null;
            return;
        }
        this.remote = null;
        this.segment = SharedSegments.create(SharedBarrier.LENGTH);
        this.barrier = new SharedBarrier(segment.data());
        barrier.init(parties);
        register();
    }

    private Barrier(Handle h) {
        this.parties = h.parties;
        this.action = h.action;
        this.timeout = h.timeout;
        if (h.barrier instanceof Rendezvous r) {
            this.remote = r;
            this.segment = null;
            this.barrier = null;
            return;
        }
        this.remote = null;
        if (h.barrier instanceof ManagedRef m) {
            this.managed = m;
            this.segment = SharedSegments.attach(m.local());
        } else {
            this.segment = SharedSegments.attach((String) h.barrier);
        }
        this.barrier = new SharedBarrier(segment.data());
        register();
    }

    private void register() {
        barrier.slots().register();
        if (REGISTERED.add(segment.name())) {
            ProcessSlotsExit.add(barrier);
        }
    }

    /**
     * Waits until all parties have called {@code await}, at most the barrier's default timeout.
     *
     * @return the arrival index: 0 for the first party to arrive, {@code parties() - 1} for the last
     * @throws BrokenBarrierException if the barrier is broken, or breaks while waiting
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     */
    public int await() throws BrokenBarrierException, InterruptedException {
        return await(timeout);
    }

    /**
     * As {@link #await()}, at most {@code timeout} ({@code null}: no limit); a timeout breaks the
     * barrier for every party.
     *
     * @param timeout the longest wait; {@code null} waits without limit
     * @return this party's arrival index, from {@code parties() - 1} (first to arrive) down to 0
     *     (last)
     * @throws BrokenBarrierException if the barrier is broken, breaks, or the timeout elapses
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     */
    public int await(Duration timeout) throws BrokenBarrierException, InterruptedException {
        if (remote != null) {
            try {
                return remote.await(timeout == null ? Long.MAX_VALUE : timeout.toNanos());
            } catch (java.util.concurrent.TimeoutException e) {
                throw (BrokenBarrierException) new BrokenBarrierException("barrier broken: " + e.getMessage()).initCause(e);
            }
        }
        Runnable run = action == null ? null : () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("barrier action failed: " + e, e);
            }
        };
        return barrier.await(run, timeout == null ? Long.MAX_VALUE : timeout.toNanos());
    }

    /** Breaks the barrier: waiters and later awaits throw {@link BrokenBarrierException}. */
    public void abort() {
        if (remote != null) {
            remote.abort();
            return;
        }
        barrier.abort();
    }

    /** Makes the current waiters throw {@link BrokenBarrierException} and the barrier usable again. */
    public void reset() {
        if (remote != null) {
            remote.reset();
            return;
        }
        barrier.reset();
    }

    /**
     * Whether the barrier is broken.
     *
     * @return whether the barrier is broken
     */
    public boolean isBroken() {
        return remote != null ? remote.isBroken() : barrier.isBroken();
    }

    /**
     * The number of parties waiting now (Python's {@code n_waiting}).
     *
     * @return the number of parties waiting now (Python's {@code n_waiting})
     */
    public int waiting() {
        return remote != null ? remote.waiting() : barrier.waiting();
    }

    /**
     * The number of parties needed to pass.
     *
     * @return the number of parties needed to pass
     */
    public int parties() {
        return parties;
    }

    @Override
    public String toString() {
        return "Barrier[" + (remote != null ? remote.toString() : segment.name()) + ", parties=" + parties + ", waiting=" + waiting()
                + (isBroken() ? ", broken]" : "]");
    }

    /**
     * The serialized form: a handle that deserializes into a barrier on the same shared object.
     *
     * @return the handle to serialize in this barrier's place
     */
    @Serial
    private Object writeReplace() {
        if (remote != null) {
            return new Handle(remote.handle(), parties, action, timeout);
        }
        SharedBarrier b = barrier;
        Shipping.onShip((pid, start) -> b.slots().register(pid, start)); // a child that dies early still counts
        return new Handle(managed != null ? managed : segment.name(), parties, action, timeout);
    }

    /**
     * The serialized form: the segment's name (or the remote barrier's handle, which deserializes
     * into the live object, hence {@code Object}), parties, action and default timeout.
     *
     * @param barrier the segment's name, or the remote barrier's handle
     * @param parties the number of parties
     * @param action the action, or null
     * @param timeout the default timeout of {@code await()}, or null
     */
    private record Handle(Object barrier, int parties, SerializableRunnable action, Duration timeout)
            implements Serializable {
        @Serial
        private Object readResolve() {
            return new Barrier(this);
        }
    }

    /** Unregisters this process from its barriers when it exits normally. */
    private static final class ProcessSlotsExit {
        private static final java.util.List<SharedBarrier> BARRIERS = new java.util.concurrent.CopyOnWriteArrayList<>();

        static {
            ExitSequence.register(ExitSequence.RELEASE_SHARED_MEMORY - 1,
                    () -> BARRIERS.forEach(b -> b.slots().unregister()));
        }

        static void add(SharedBarrier b) {
            BARRIERS.add(b);
        }
    }
}
