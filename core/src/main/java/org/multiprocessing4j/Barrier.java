package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.local.LocalBackend;
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

    private final int parties;
    private final SerializableRunnable action;
    private final Duration timeout;
    /** The barrier itself, in the backend of the context it was made in. */
    private final transient Rendezvous rendezvous;

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
        this.rendezvous = Context.Current.engine().rendezvous(parties, action, nanos(timeout));
    }

    /** A barrier over {@code rendezvous}, made for it (a manager's, or one deserialized). */
    Barrier(int parties, SerializableRunnable action, Duration timeout, Rendezvous rendezvous) {
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
        this.rendezvous = rendezvous;
    }

    private static long nanos(Duration timeout) {
        return timeout == null ? Long.MAX_VALUE : timeout.toNanos();
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
        try {
            return rendezvous.await(nanos(timeout));
        } catch (TimeoutException e) {
            throw (BrokenBarrierException) new BrokenBarrierException("barrier broken: " + e.getMessage()).initCause(e);
        }
    }

    /** Breaks the barrier: waiters and later awaits throw {@link BrokenBarrierException}. */
    public void abort() {
        rendezvous.abort();
    }

    /** Makes the current waiters throw {@link BrokenBarrierException} and the barrier usable again. */
    public void reset() {
        rendezvous.reset();
    }

    /**
     * Whether the barrier is broken.
     *
     * @return whether the barrier is broken
     */
    public boolean isBroken() {
        return rendezvous.isBroken();
    }

    /**
     * The number of parties waiting now (Python's {@code n_waiting}).
     *
     * @return the number of parties waiting now (Python's {@code n_waiting})
     */
    public int waiting() {
        return rendezvous.waiting();
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
        return "Barrier[" + rendezvous + ", parties=" + parties + ", waiting=" + waiting()
                + (isBroken() ? ", broken]" : "]");
    }

    @Serial
    private Object writeReplace() {
        return new Handle(rendezvous.handle(), parties, action, timeout);
    }

    /** The serialized form: the barrier's handle (see {@link LocalBackend#resolveRendezvous}) and settings. */
    private record Handle(Object barrier, int parties, SerializableRunnable action, Duration timeout)
            implements Serializable {
        @Serial
        private Object readResolve() {
            return new Barrier(parties, action, timeout, LocalBackend.resolveRendezvous(barrier, action));
        }
    }
}
