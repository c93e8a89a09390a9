package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;

/**
 * A condition variable in shared memory over a {@link SharedMutex}: the engine of {@code Condition}.
 *
 * <pre>
 *   0: int seq      bumped by every signal (futex word; read without the lock)
 *   4: int waiting  threads inside await (guarded by the mutex)
 *   8: int permits  wake-ups granted and not yet taken (guarded by the mutex)
 *  12: reserved (4 bytes)
 *  16: 64 x (long pid, long start ticks, long count)   waiters per process (guarded by the mutex)
 * </pre>
 *
 * <h2>Crashes</h2>
 * A process killed inside await cannot decrement {@code waiting}. Each process's waiters are also
 * counted in a table; {@code signal} first removes the counts of processes that are no longer
 * running, so their ghosts take no permits. (With more than 64 processes waiting at once, the
 * extra ones are not tracked.)
 *
 * <h2>Exact wake-ups</h2>
 * {@code signal(n)} grants {@code k = min(n, waiting - permits)} permits and bumps {@code seq}; a
 * waiter returns from await (signalled) only by taking a permit under the mutex, so exactly k
 * waiters return, and none returns without a permit or its timeout: no spurious wake-ups. Which k
 * of the waiters take them is not promised (a thread that started waiting after the signal may).
 *
 * <h2>No lost signals</h2>
 * A waiter reads {@code seq} while holding the mutex, then releases it and sleeps while
 * {@code seq} is unchanged; every signal happens under the mutex and changes {@code seq}, so a
 * signal after the release makes the sleep return at once.
 *
 * <p>The mutex is released completely while waiting (a reentrant hold count is saved and restored)
 * and re-acquired before await returns, in every case, timeouts and interrupts included.
 */
public final class SharedCondition {
    // The layout of the table above: each field at the end of the one before it.
    /** int: bumped by every signal (the futex word; read without the mutex). */
    static final int SEQ = 0;
    /** int: threads inside await (guarded by the mutex). */
    static final int WAITING = SEQ + Integer.BYTES;
    /** int: wake-ups granted and not yet taken (guarded by the mutex). */
    static final int PERMITS = WAITING + Integer.BYTES;
    /** 4 bytes, unused, so that the table below is 8-byte aligned. */
    static final int RESERVED = PERMITS + Integer.BYTES;
    /** Per-process waiter counts: a process killed inside await leaves no ghost waiter behind. */
    static final int WAITERS_BY_PROCESS = RESERVED + Integer.BYTES;
    /** Entries in the per-process table. */
    static final int PROCESS_ENTRIES = 64;
    // One entry of the table, at WAITERS_BY_PROCESS + ENTRY_LENGTH * i.
    /** long: the waiting process's pid (0: a free entry). */
    static final int ENTRY_PID = 0;
    /** long: its start ticks, which tell it from a later process with its pid. */
    static final int ENTRY_START = ENTRY_PID + Long.BYTES;
    /** long: its threads inside await. */
    static final int ENTRY_COUNT = ENTRY_START + Long.BYTES;
    /** Bytes of one entry. */
    static final int ENTRY_LENGTH = ENTRY_COUNT + Long.BYTES;
    /** Bytes a condition occupies. */
    public static final int LENGTH = WAITERS_BY_PROCESS + ENTRY_LENGTH * PROCESS_ENTRIES;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment memory;
    private final long base;
    private final SharedMutex mutex;
    private final FutexWait wait;

    /**
     * A condition at {@code memory[base, base + LENGTH)}, which must be zeroed when first used,
     * over {@code mutex}.
     */
    public SharedCondition(MemorySegment memory, long base, SharedMutex mutex) {
        this.memory = memory;
        this.base = base;
        this.mutex = mutex;
        this.wait = new FutexWait(memory, base + SEQ, -1); // signal always wakes
    }

    /**
     * Waits for a signal, at most {@code timeoutNanos}; the mutex must be held and is held again on
     * return.
     *
     * @return true if signalled, false on timeout
     * @throws InterruptedException if interrupted (the mutex is re-acquired first)
     * @throws IllegalMonitorStateException if the calling thread does not hold the mutex
     */
    public boolean await(long timeoutNanos) throws InterruptedException {
        mutex.checkHeldByCurrentThread("await the condition");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int holds = mutex.holdCount();
        INT.set(memory, base + WAITING, (int) INT.get(memory, base + WAITING) + 1);
        countThisProcess(1);
        int seen = (int) INT.getVolatile(memory, base + SEQ);
        long deadline = WaitPolicy.deadline(timeoutNanos);
        releaseFully();
        while (true) {
            int unchanged = seen;
            FutexWait.Poll signalled = () -> {
                int seq = (int) INT.getVolatile(memory, base + SEQ);
                return seq != unchanged ? FutexWait.READY : seq;
            };
            boolean interrupted = false;
            boolean expired = false;
            try {
                expired = wait.sleep(signalled, deadline, null, 0, null) == FutexWait.Outcome.TIMED_OUT;
            } catch (InterruptedException e) {
                interrupted = true;
            }
            interrupted |= reacquire(holds);
            int permits = (int) INT.get(memory, base + PERMITS);
            if (permits > 0) {
                INT.set(memory, base + PERMITS, permits - 1);
                leave();
                if (interrupted) {
                    Thread.currentThread().interrupt(); // signalled: keep the signal, re-assert the interrupt
                }
                return true;
            }
            if (interrupted) {
                leave();
                throw new InterruptedException();
            }
            if (expired) {
                leave();
                return false;
            }
            seen = (int) INT.getVolatile(memory, base + SEQ);
            releaseFully();
        }
    }

    private void leave() {
        INT.set(memory, base + WAITING, (int) INT.get(memory, base + WAITING) - 1);
        countThisProcess(-1);
    }

    /** Adds {@code delta} to this process's entry (claiming a free one); the mutex is held. */
    private void countThisProcess(int delta) {
        long me = org.multiprocessing4j.internal.shm.ProcessIdentity.pid();
        long free = -1;
        for (int i = 0; i < PROCESS_ENTRIES; i++) {
            long at = base + WAITERS_BY_PROCESS + (long) ENTRY_LENGTH * i;
            long pid = (long) LONG.get(memory, at);
            if (pid == me) {
                long count = (long) LONG.get(memory, at + ENTRY_COUNT) + delta;
                LONG.set(memory, at + ENTRY_COUNT, count);
                if (count == 0) {
                    LONG.set(memory, at, 0L);
                }
                return;
            }
            if (pid == 0 && free < 0) {
                free = at;
            }
        }
        if (delta > 0 && free >= 0) {
            LONG.set(memory, free, me);
            LONG.set(memory, free + ENTRY_START, org.multiprocessing4j.internal.shm.ProcessIdentity.startTicks());
            LONG.set(memory, free + ENTRY_COUNT, (long) delta);
        }
    }

    /** Removes the waiters of processes that died inside await; the mutex is held. */
    private void forgetDeadWaiters() {
        for (int i = 0; i < PROCESS_ENTRIES; i++) {
            long at = base + WAITERS_BY_PROCESS + (long) ENTRY_LENGTH * i;
            long pid = (long) LONG.get(memory, at);
            if (pid != 0 && !org.multiprocessing4j.internal.shm.ProcessIdentity.isAlive(pid, (long) LONG.get(memory, at + ENTRY_START))) {
                int ghosts = (int) (long) LONG.get(memory, at + ENTRY_COUNT);
                int waiting = Math.max(0, (int) INT.get(memory, base + WAITING) - ghosts);
                INT.set(memory, base + WAITING, waiting);
                INT.set(memory, base + PERMITS, Math.min((int) INT.get(memory, base + PERMITS), waiting));
                LONG.set(memory, at, 0L);
                LONG.set(memory, at + ENTRY_COUNT, 0L);
            }
        }
    }

    /**
     * Wakes up to {@code n} waiters; the mutex must be held.
     *
     * @return how many wake-ups were granted
     * @throws IllegalMonitorStateException if the calling thread does not hold the mutex
     */
    public int signal(int n) {
        mutex.checkHeldByCurrentThread("signal the condition");
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " must be >= 0");
        }
        forgetDeadWaiters();
        int waiting = (int) INT.get(memory, base + WAITING);
        int permits = (int) INT.get(memory, base + PERMITS);
        int k = Math.min(n, waiting - permits);
        if (k <= 0) {
            return 0;
        }
        INT.set(memory, base + PERMITS, permits + k);
        INT.getAndAdd(memory, base + SEQ, 1);
        Futex.wake(memory, base + SEQ, Integer.MAX_VALUE);
        return k;
    }

    /** The number of threads waiting (and not yet granted a wake-up); the mutex must be held. */
    public int waiting() {
        return (int) INT.get(memory, base + WAITING) - (int) INT.get(memory, base + PERMITS);
    }

    private void releaseFully() {
        mutex.setHoldCount(0);
        mutex.release();
    }

    /** Takes the mutex back, uninterruptibly; returns whether an interrupt came meanwhile. */
    private boolean reacquire(int holds) {
        boolean interrupted = mutex.acquireUninterruptibly();
        mutex.setHoldCount(holds);
        return interrupted;
    }
}
