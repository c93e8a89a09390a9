package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;

/**
 * The one wait loop of the shared-memory primitives: spin for a bounded time, then sleep on a
 * futex word in slices until a condition holds, the deadline passes, the thread is interrupted or
 * a peer the waiter depends on died. {@link SharedMutex}, {@link SharedSemaphore},
 * {@link SharedEvent}, {@link SharedCounter}, {@link SharedCondition}, {@link SharedBarrier} and
 * the channel's readers wait through it; {@link WaitPolicy} holds the constants.
 *
 * <pre>{@code
 * FutexWait wait = new FutexWait(memory, base + FLAG, base + SLEEPERS);
 * FutexWait.Poll set = () -> {
 *     int flag = (int) INT.getVolatile(memory, base + FLAG);
 *     return flag != 0 ? FutexWait.READY : flag;   // READY, or the word value to sleep on
 * };
 * if (wait.spin(set, WaitPolicy.SPINS)
 *         || wait.sleep(set, WaitPolicy.deadline(timeout), null, 0, null) == FutexWait.Outcome.READY) { ... }
 * }</pre>
 *
 * <h2>The invariant: no lost wake-up</h2>
 * A {@link Poll} reads the futex word (volatile) and, from it or from other shared state read
 * after it, decides: {@link #READY}, or the value {@code w} the word had. The loop then sleeps
 * only while the word still equals {@code w} (the kernel compares it atomically with the
 * sleep). A waker changes the state first (a volatile store or an atomic update) and changes or
 * bumps the word, then wakes: so either the poll saw the change, or the word differs from
 * {@code w} and the sleep returns at once, or the waker's wake-up comes after the waiter sleeps.
 * Where a waker skips the wake-up when nobody sleeps, the waiter registers in the
 * {@code sleepers} word (an atomic add, a full fence) before its first poll, and the waker reads
 * {@code sleepers} (volatile) after its store: one of the two sees the other.
 *
 * <h2>Bounds</h2>
 * Every sleep is at most {@link WaitPolicy#SLICE_NANOS} and is cut to the deadline, so an
 * interrupt is noticed within a slice and a deadline is met exactly. Each loop round polls first,
 * then (every {@link WaitPolicy#PEER_CHECK_NANOS}) checks the peer, then the deadline, then sleeps,
 * then checks the interrupt: a condition that holds when polled wins over a dead peer and a
 * passed deadline, and an interrupt found after a sleep ends the wait before the next poll (a
 * poll that takes something, a permit or a lock, so never runs for an interrupted waiter; callers
 * whose condition may have come true meanwhile check it again, as the barrier and the condition
 * do). An interrupt clears the thread's flag, runs the caller's {@code onInterrupt} (to pass on a
 * wake-up the thread may have consumed) and throws {@link InterruptedException}; a timeout and a
 * dead peer are returned as an {@link Outcome}. (An interrupt already pending when the sleep
 * starts is found after the first slice; the mutex, semaphore, event and condition check for one
 * before they wait.)
 *
 * <p>An instance holds only where the words are; it is immutable and may be shared by threads.
 */
public final class FutexWait {
    /** What a {@link Poll} returns when the condition holds (no int word value equals it). */
    public static final long READY = Long.MIN_VALUE;
    /** Clock reads are this many spins apart in a timed spin. */
    private static final int SPINS_PER_CLOCK_READ = 64;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** A check of the condition waited for. */
    @FunctionalInterface
    public interface Poll {
        /**
         * Checks the condition, and acts on it where the check is an attempt (a CAS that takes a
         * permit or a lock).
         *
         * @return {@link #READY} if it holds (or was taken), else the futex word's value read
         *     before the check failed, to sleep on
         */
        long poll();
    }

    /**
     * A check of the peer a waiter depends on (a lock's owner, a pipe's writers, a barrier's
     * parties).
     *
     * @param <X> what it may throw (a barrier breaks and throws)
     */
    @FunctionalInterface
    public interface PeerCheck<X extends Exception> {
        /** Returns whether the wait should end because a peer died (after acting on it). */
        boolean gone() throws X;
    }

    /** How a {@link #sleep} ended, other than by an interrupt (which throws). */
    public enum Outcome {
        /** The poll returned {@link #READY}. */
        READY,
        /** The deadline passed. */
        TIMED_OUT,
        /** The peer check returned true. */
        PEER_GONE
    }

    private final MemorySegment memory;
    private final long word;
    private final long sleepers;

    /**
     * Waits on the int at {@code memory[word]}, registering sleepers in the int at
     * {@code memory[sleepers]}, or nowhere if {@code sleepers} is negative (for a word whose
     * wakers always wake, or that carries its own waiters bit).
     */
    public FutexWait(MemorySegment memory, long word, long sleepers) {
        this.memory = memory;
        this.word = word;
        this.sleepers = sleepers;
    }

    /**
     * Spins {@code spins} times ({@link Thread#onSpinWait()} then a poll); returns whether a poll
     * returned {@link #READY}. For waits that are usually short (an event, a semaphore). A spin
     * uses only whether the poll returned {@link #READY}, so it may be a cheaper poll than the
     * sleep's (one that does not read the futex word).
     */
    public boolean spin(Poll poll, int spins) {
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
            if (poll.poll() == READY) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spins for {@code spinNanos}, then yields {@code yields} times, polling after each spin and
     * yield; returns whether a poll returned {@link #READY}. For hand-offs between processes on
     * other cores (a lock, a barrier's phase, a channel's next message).
     */
    public boolean spinFor(Poll poll, long spinNanos, int yields) {
        long until = System.nanoTime() + spinNanos;
        do {
            for (int i = 0; i < SPINS_PER_CLOCK_READ; i++) {
                Thread.onSpinWait();
                if (poll.poll() == READY) {
                    return true;
                }
            }
        } while (System.nanoTime() - until < 0);
        for (int i = 0; i < yields; i++) {
            Thread.yield();
            if (poll.poll() == READY) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sleeps until {@code poll} returns {@link #READY}, {@code deadline} (on
     * {@link System#nanoTime()}, {@link Long#MAX_VALUE}: none) passes, or {@code peer} reports a
     * dead peer; see the class comment for the order of the checks.
     *
     * @param peer checked every {@link WaitPolicy#PEER_CHECK_NANOS}, the first time
     *     {@code firstPeerCheckNanos} after the start; null for none
     * @param onInterrupt run when an interrupt ends the wait, before it throws; null for nothing
     * @throws InterruptedException if interrupted while sleeping (the interrupt flag is cleared)
     * @throws X what {@code peer} throws
     */
    public <X extends Exception> Outcome sleep(Poll poll, long deadline, PeerCheck<X> peer, long firstPeerCheckNanos,
            Runnable onInterrupt) throws InterruptedException, X {
        if (sleepers >= 0) {
            INT.getAndAdd(memory, sleepers, 1);
        }
        try {
            long nextPeerCheck = peer == null ? 0 : System.nanoTime() + firstPeerCheckNanos;
            while (true) {
                long expected = poll.poll();
                if (expected == READY) {
                    return Outcome.READY;
                }
                if (peer != null && System.nanoTime() - nextPeerCheck >= 0) {
                    nextPeerCheck = System.nanoTime() + WaitPolicy.PEER_CHECK_NANOS;
                    if (peer.gone()) {
                        return Outcome.PEER_GONE;
                    }
                }
                long slice = WaitPolicy.slice(deadline);
                if (slice == 0) {
                    return Outcome.TIMED_OUT;
                }
                Futex.await(memory, word, (int) expected, slice);
                if (Thread.interrupted()) {
                    if (onInterrupt != null) {
                        onInterrupt.run();
                    }
                    throw new InterruptedException();
                }
            }
        } finally {
            if (sleepers >= 0) {
                INT.getAndAdd(memory, sleepers, -1);
            }
        }
    }
}
