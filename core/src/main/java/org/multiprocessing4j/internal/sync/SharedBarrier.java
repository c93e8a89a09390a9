package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.BrokenBarrierException;
import org.multiprocessing4j.internal.shm.Futex;

/**
 * A cyclic barrier in shared memory: the engine of {@code Barrier}.
 *
 * <pre>
 *    0: SharedMutex     guards the fields below (except generation reads)
 *   48: int generation  bumped when a round completes, breaks or resets (futex word)
 *   52: int count       parties arrived in this generation
 *   56: int broken      1 from a break until reset
 *   60: int parties
 *   64: reserved (4 bytes)
 *   68: int sleepers    waiters that may sleep on the generation (wake is skipped at 0)
 *   72: long outcomes   bit (g mod 64) is set when generation g ended broken or reset
 *   80: ProcessSlots    the processes using the barrier ({@link ProcessSlots#LENGTH} bytes)
 * </pre>
 *
 * <h2>Rounds</h2>
 * A party takes the mutex, gets index = count (so the first to arrive gets 0, as in CPython) and
 * increments count. The last one runs the action (under the mutex), starts a new generation and
 * wakes everyone. The others sleep while the generation is unchanged.
 *
 * <h2>Breaking</h2>
 * A timeout, an interrupt, {@code abort()}, a failing action, or a dead party (a registered
 * process that is no longer running, checked every {@link WaitPolicy#PEER_CHECK_NANOS}) breaks the
 * barrier: the current generation is recorded as broken and a new one started, so every
 * waiter of it wakes and throws {@link BrokenBarrierException}; later awaits throw until
 * {@code reset()}. Each generation's outcome is a bit in {@code outcomes}, so a waiter's result
 * does not depend on what happens to the barrier after its round ended. {@code reset()} makes the waiters of the current round throw and leaves the
 * barrier usable.
 */
public final class SharedBarrier {
    // The layout of the table above: each field at the end of the one before it.
    /** {@link SharedMutex}: guards the fields below (except generation reads). */
    static final int MUTEX = 0;
    /** int: bumped when a round completes, breaks or resets (the futex word). */
    static final int GENERATION = MUTEX + SharedMutex.LENGTH;
    /** int: parties arrived in this generation. */
    static final int COUNT = GENERATION + Integer.BYTES;
    /** int: 1 from a break until reset. */
    static final int BROKEN = COUNT + Integer.BYTES;
    /** int: the number of parties. */
    static final int PARTIES = BROKEN + Integer.BYTES;
    /** 4 bytes, unused. */
    static final int RESERVED = PARTIES + Integer.BYTES;
    /** int: waiters that may sleep on the generation (the wake-up is skipped at 0). */
    static final int SLEEPERS = RESERVED + Integer.BYTES;
    /** long: bit (g mod 64) is set when generation g ended broken or reset. */
    static final int OUTCOMES = SLEEPERS + Integer.BYTES;
    /** {@link ProcessSlots}: the processes using the barrier. */
    static final int SLOTS = OUTCOMES + Long.BYTES;
    /** Bytes a barrier occupies. */
    public static final int LENGTH = SLOTS + ProcessSlots.LENGTH;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment memory;
    private final SharedMutex mutex;
    private final ProcessSlots slots;
    private final FutexWait wait;

    /** A barrier at {@code memory[0, LENGTH)}, set up by {@link #init} before it is shared. */
    public SharedBarrier(MemorySegment memory) {
        this.memory = memory;
        this.mutex = new SharedMutex(memory, MUTEX);
        this.slots = new ProcessSlots(memory, SLOTS);
        this.wait = new FutexWait(memory, GENERATION, SLEEPERS);
    }

    /** Sets the number of parties; only the creator calls this, before sharing. */
    public void init(int parties) {
        INT.set(memory, (long) PARTIES, parties);
    }

    public ProcessSlots slots() {
        return slots;
    }

    public int parties() {
        return (int) INT.getVolatile(memory, (long) PARTIES);
    }

    public boolean isBroken() {
        return (int) INT.getVolatile(memory, (long) BROKEN) != 0;
    }

    /** Parties waiting in the current round. */
    public int waiting() {
        return (int) INT.getVolatile(memory, (long) COUNT);
    }

    /**
     * Waits for all parties, at most {@code timeoutNanos}.
     *
     * @param action run by the last party to arrive, before the others are released; may be null
     * @return the arrival index, 0 for the first
     * @throws BrokenBarrierException if the barrier is or becomes broken, or times out
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     */
    public int await(Runnable action, long timeoutNanos) throws BrokenBarrierException, InterruptedException {
        lock();
        int generation;
        int index;
        try {
            if (isBroken()) {
                throw new BrokenBarrierException();
            }
            generation = (int) INT.getVolatile(memory, (long) GENERATION);
            index = (int) INT.get(memory, (long) COUNT);
            INT.setVolatile(memory, (long) COUNT, index + 1);
            if (index + 1 == parties()) {
                if (action != null) {
                    try {
                        action.run();
                    } catch (RuntimeException | Error e) {
                        breakLocked();
                        throw e;
                    }
                }
                INT.setVolatile(memory, (long) COUNT, 0);
                advance(false);
                return index;
            }
        } finally {
            mutex.release();
        }
        FutexWait.Poll roundEnded = () -> {
            int g = (int) INT.getVolatile(memory, (long) GENERATION);
            return g != generation ? FutexWait.READY : g;
        };
        if (!wait.spinFor(roundEnded, WaitPolicy.SPIN_NANOS, WaitPolicy.YIELDS)) {
            sleepUntil(roundEnded, generation, WaitPolicy.deadline(timeoutNanos));
        }
        return finish(generation, index);
    }

    private int finish(int generation, int index) throws BrokenBarrierException {
        if ((((long) LONG.getVolatile(memory, (long) OUTCOMES)) >>> (generation & 63) & 1) != 0) {
            throw new BrokenBarrierException(); // the round this party waited in ended broken or reset
        }
        return index;
    }

    /**
     * Sleeps until the round {@code generation} ends; breaks it on a timeout, an interrupt or a
     * dead party, unless it ended meanwhile (then its outcome decides).
     */
    private void sleepUntil(FutexWait.Poll roundEnded, int generation, long deadline)
            throws BrokenBarrierException, InterruptedException {
        FutexWait.PeerCheck<BrokenBarrierException> partyDied = () -> {
            long dead = slots.reapDead();
            if (dead != 0 && breakRound(generation)) {
                throw broken(generation, "party process pid=" + dead + " died");
            }
            return false; // none died, or the round ended meanwhile: the next poll sees that
        };
        try {
            if (wait.sleep(roundEnded, deadline, partyDied, WaitPolicy.PEER_CHECK_NANOS, null) == FutexWait.Outcome.TIMED_OUT
                    && breakRound(generation)) {
                throw broken(generation, "timed out waiting for " + parties() + " parties");
            }
        } catch (InterruptedException e) {
            if (breakRound(generation)) {
                throw e;
            }
            Thread.currentThread().interrupt(); // the round completed: keep the interrupt for later
        }
    }

    private BrokenBarrierException broken(int generation, String why) {
        var e = new BrokenBarrierException("barrier broken: " + why);
        return e;
    }

    /** Breaks the barrier: waiters and later awaits throw until reset. */
    public void abort() {
        lockUninterruptibly();
        try {
            breakLocked();
        } finally {
            mutex.release();
        }
    }

    /** Makes the waiters of the current round throw and leaves the barrier usable. */
    public void reset() {
        lockUninterruptibly();
        try {
            INT.setVolatile(memory, (long) COUNT, 0);
            INT.setVolatile(memory, (long) BROKEN, 0);
            advance(true); // the waiters of the current round throw
        } finally {
            mutex.release();
        }
    }

    /** Breaks the round {@code generation} if it is still the current one; returns whether it did. */
    private boolean breakRound(int generation) {
        lockUninterruptibly();
        try {
            if ((int) INT.getVolatile(memory, (long) GENERATION) == generation) {
                breakLocked();
                return true;
            }
            return false;
        } finally {
            mutex.release();
        }
    }

    private void breakLocked() {
        INT.setVolatile(memory, (long) BROKEN, 1);
        INT.setVolatile(memory, (long) COUNT, 0);
        advance(true);
    }

    /**
     * Ends the current generation, recording whether it broke (its waiters read that bit, which
     * stays valid for 64 generations, so a later reset or abort cannot change their outcome), and
     * starts the next. Called under the mutex.
     */
    private void advance(boolean broken) {
        int ended = (int) INT.getVolatile(memory, (long) GENERATION);
        long outcomes = (long) LONG.getVolatile(memory, (long) OUTCOMES);
        long bit = 1L << (ended & 63);
        LONG.setVolatile(memory, (long) OUTCOMES, broken ? outcomes | bit : outcomes & ~bit);
        INT.getAndAdd(memory, (long) GENERATION, 1);
        if ((int) INT.getVolatile(memory, (long) SLEEPERS) > 0) {
            Futex.wake(memory, GENERATION, Integer.MAX_VALUE);
        }
    }

    private void lock() throws InterruptedException {
        mutex.acquire(Long.MAX_VALUE);
    }

    private void lockUninterruptibly() {
        if (mutex.acquireUninterruptibly()) {
            Thread.currentThread().interrupt();
        }
    }
}
