package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;
import org.multiprocessing4j.internal.shm.ProcessIdentity;

/**
 * A mutex in shared memory that knows its owner, so that it can be recovered when the owning
 * process dies. The engine behind {@code Lock}, {@code RLock} and the internal locks of the
 * other primitives.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-----------------------------------------------------------+
 *  |W|0|                owner pid (0 = free)                       |  0  state word (futex)
 *  +-+-+-----------------------------------------------------------+
 *  |                     hold count (owner only)                   |  4
 *  +---------------------------------------------------------------+
 *  |                     owner thread id (owner writes)            |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     owner start ticks (owner writes)          | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     pid of the last owner that died holding it| 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     1 while the holder took the lock from a dead owner        | 32
 *  +---------------------------------------------------------------+
 *  |                     reserved                                  | 36..47
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <h2>Algorithm</h2>
 * The state word is 0 when free, else the owner's pid, with bit 31 ({@link #WAITERS}) set when
 * some process may sleep on it (Drepper's "mutex 2"). Acquire: CAS 0 to pid; if that fails, spin
 * a little; then set the waiters bit and sleep on the futex while the word is unchanged. A waiter
 * that woke takes the lock with the waiters bit set, since others may still sleep. Release: clear
 * the owner fields, swap the word to 0 (release), and wake one sleeper if the bit was set.
 *
 * <h2>Owner death</h2>
 * Waiting is {@link FutexWait}'s loop, with the waiters bit in place of a sleepers count.
 * A sleeper wakes at least every {@link WaitPolicy#SLICE_NANOS}; every
 * {@link WaitPolicy#PEER_CHECK_NANOS} it checks that the owner (pid and start time) still runs.
 * If not, it CASes the word from the dead owner's value to its own: exactly one waiter wins,
 * records the dead pid at offset 24, and learns from {@link #acquire} that it recovered the lock.
 * The data the dead owner guarded may be half-updated; that is the caller's to judge.
 * An owner that died between its CAS and writing its start time is judged by pid alone.
 *
 * <h2>Interrupts and timeouts</h2>
 * Checked between futex slices; an interrupt is reported once and never lost.
 *
 * <p>Ownership is per process and thread: only the holder may release (others get
 * {@link IllegalMonitorStateException}).
 *
 * <h2>Untracked mutexes</h2>
 * {@link #untracked} makes a mutex for internal code that always releases what it acquired in a
 * {@code try}/{@code finally} (a channel's read and write locks): it keeps only the state word
 * and the owner start ticks, which owner-death recovery needs, and skips the owner thread, the
 * recovered flag and the holder check on release. That is 4 shared-memory accesses per
 * acquire/release pair instead of 9, which matters most in a child JVM whose code still runs
 * interpreted (measured: a cold acquire/release pair cost about 5 us). On such a mutex
 * {@link #isHeldByCurrentThread} and {@link #isRecovered} are not meaningful.
 */
public final class SharedMutex {
    // The layout of the picture above: each field at the end of the one before it.
    /** int: 0 when free, else the owner's pid, with {@link #WAITERS} (the futex word). */
    static final int STATE = 0;
    /** int: the recursion count, read and written by the owner only. */
    static final int HOLDS = STATE + Integer.BYTES;
    /** long: the owner's thread id (tracked mutexes only). */
    static final int OWNER_THREAD = HOLDS + Integer.BYTES;
    /** long: the owner's start ticks, which tell a dead owner from a new process with its pid. */
    static final int OWNER_START = OWNER_THREAD + Long.BYTES;
    /** long: the pid of the last owner that died holding the lock. */
    static final int DIED_OWNER = OWNER_START + Long.BYTES;
    /** int: 1 while the holder took the lock from a dead owner (tracked mutexes only). */
    static final int RECOVERED = DIED_OWNER + Long.BYTES;
    /** 12 bytes, unused, so that a mutex fills 48 bytes (callers' layouts rely on that size). */
    static final int RESERVED = RECOVERED + Integer.BYTES;
    /** Bytes this mutex occupies; callers place other fields after it. */
    public static final int LENGTH = RESERVED + 3 * Integer.BYTES;

    static final int WAITERS = 0x8000_0000;
    static final int PID_MASK = 0x3FFF_FFFF;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int ME = (int) ProcessIdentity.pid();

    /** What {@link #acquire} reports. */
    public enum Acquired {
        /** The lock was taken normally. */
        YES,
        /** The lock was taken from an owner process that died holding it. */
        FROM_DEAD_OWNER,
        /** The timeout elapsed. */
        NO
    }

    private static final long MY_START = ProcessIdentity.startTicks();

    private final MemorySegment memory;
    private final long base;
    /** Whether the owner thread and the recovered flag are kept (see {@link #untracked}). */
    private final boolean tracked;
    private final FutexWait wait;
    /**
     * READY once this thread took the lock, with the waiters bit since others may still sleep;
     * else sets the waiters bit and returns the state word with it, to sleep on.
     */
    private final FutexWait.Poll takenWhileSleeping;

    /** A mutex at {@code memory[base, base + LENGTH)}, which must be zeroed when first used. */
    public SharedMutex(MemorySegment memory, long base) {
        this(memory, base, true);
    }

    private SharedMutex(MemorySegment memory, long base, boolean tracked) {
        if (base % 8 != 0) {
            throw new IllegalArgumentException("mutex offset=" + base + " must be 8-byte aligned");
        }
        this.memory = memory;
        this.base = base;
        this.tracked = tracked;
        this.wait = new FutexWait(memory, base + STATE, -1); // sleepers are the WAITERS bit
        this.takenWhileSleeping = () -> {
            while (true) {
                int v = (int) INT.getVolatile(memory, base + STATE);
                if (v == 0) {
                    if (INT.compareAndSet(memory, base + STATE, 0, ME | WAITERS)) {
                        setOwner();
                        return FutexWait.READY;
                    }
                } else if ((v & WAITERS) != 0 || INT.compareAndSet(memory, base + STATE, v, v | WAITERS)) {
                    return v | WAITERS;
                }
            }
        };
    }

    /**
     * An untracked mutex at {@code memory[base, base + LENGTH)} (see the class comment): for
     * internal code that pairs each acquire with a release by the same thread. Every process must
     * use the same kind of mutex at one place.
     */
    public static SharedMutex untracked(MemorySegment memory, long base) {
        return new SharedMutex(memory, base, false);
    }

    /** Takes the lock if it is free now. Does not check ownership. */
    public boolean tryAcquire() {
        if (INT.compareAndSet(memory, base + STATE, 0, ME)) {
            setOwner();
            return true;
        }
        return false;
    }

    /**
     * Takes the lock, waiting at most {@code timeoutNanos} ({@code Long.MAX_VALUE}: no limit).
     *
     * @throws InterruptedException if interrupted while waiting (the lock is not taken)
     */
    public Acquired acquire(long timeoutNanos) throws InterruptedException {
        if (INT.compareAndSet(memory, base + STATE, 0, ME)) {
            setOwner();
            return Acquired.YES;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return acquireSlow(timeoutNanos);
    }

    /** The lock is held: spins, then sleeps (kept out of {@link #acquire} so that its fast path inlines). */
    /** Spins {@link WaitPolicy#LOCK_SPIN_NANOS} for the lock; the clock is read every 32 spins. */
    private boolean spinAcquire() {
        long until = System.nanoTime() + WaitPolicy.LOCK_SPIN_NANOS;
        do {
            for (int i = 0; i < 32; i++) {
                Thread.onSpinWait();
                int v = (int) INT.getVolatile(memory, base + STATE);
                if (v == 0 && INT.compareAndSet(memory, base + STATE, 0, ME)) {
                    setOwner();
                    return true;
                }
            }
        } while (System.nanoTime() - until < 0);
        return false;
    }

    private Acquired acquireSlow(long timeoutNanos) throws InterruptedException {
        // A lock handed between two processes on two cores is usually free again within
        // microseconds, far sooner than a futex sleep and wake-up: spin first. The spin is this
        // class's own loop, not FutexWait's: there the poll is a call through an interface that
        // every primitive's lambda shares, so the JIT cannot inline it, and a hand-off between two
        // processes measured 25% slower (value_get_lock_incr_2proc, lock_contended_2proc_incr).
        if (spinAcquire()) {
            return Acquired.YES;
        }
        return switch (wait.sleep(takenWhileSleeping, WaitPolicy.deadline(timeoutNanos), this::recoverFromDeadOwner,
                WaitPolicy.PEER_CHECK_NANOS, this::passOnWakeUp)) {
            case READY -> Acquired.YES;
            case PEER_GONE -> Acquired.FROM_DEAD_OWNER;
            // a short wait still takes a lock whose owner died (getNowait on a queue, say)
            case TIMED_OUT -> recoverFromDeadOwner() ? Acquired.FROM_DEAD_OWNER : Acquired.NO;
        };
    }

    /**
     * Takes the lock, waiting as long as needed and ignoring interrupts.
     *
     * @return whether an interrupt came while waiting (the caller re-asserts or reports it)
     */
    public boolean acquireUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                acquire(Long.MAX_VALUE);
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** A release may have woken this thread, which now leaves: wake another sleeper in its place. */
    private void passOnWakeUp() {
        int v = (int) INT.getVolatile(memory, base + STATE);
        if (v == 0 || (v & WAITERS) != 0) {
            Futex.wake(memory, base + STATE, 1);
        }
    }

    /** If the owner process died, takes the lock from it; returns whether this thread took it. */
    private boolean recoverFromDeadOwner() {
        int v = (int) INT.getVolatile(memory, base + STATE);
        int owner = v & PID_MASK;
        if (owner == 0 || owner == ME) {
            return false;
        }
        long start = (long) LONG.getVolatile(memory, base + OWNER_START);
        if (ProcessIdentity.isAlive(owner, start)) {
            return false;
        }
        if (INT.compareAndSet(memory, base + STATE, v, ME | WAITERS)) {
            LONG.setVolatile(memory, base + DIED_OWNER, (long) owner);
            INT.set(memory, base + HOLDS, 0);
            if (tracked) {
                INT.set(memory, base + RECOVERED, 1);
            }
            setOwner();
            return true;
        }
        return false;
    }

    private void setOwner() {
        if (tracked) {
            LONG.set(memory, base + OWNER_THREAD, Thread.currentThread().threadId());
        }
        LONG.setRelease(memory, base + OWNER_START, MY_START);
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if this thread of this process does not hold it
     */
    public void release() {
        if (tracked) {
            checkHeldByCurrentThread("release");
            LONG.set(memory, base + OWNER_THREAD, 0L);
            INT.set(memory, base + RECOVERED, 0);
        }
        // zeroed before the state word: a peer check must never pair a new owner's pid with this
        // owner's start ticks (it would judge the new owner dead)
        LONG.set(memory, base + OWNER_START, 0L);
        int v = (int) INT.getAndSet(memory, base + STATE, 0);
        if ((v & WAITERS) != 0) {
            Futex.wake(memory, base + STATE, 1);
        }
        if (!tracked && (v & PID_MASK) != ME) {
            throw new IllegalMonitorStateException("released an untracked mutex held by pid=" + (v & PID_MASK) + ", not by this process (pid=" + ME + ")");
        }
    }

    /** Whether the calling thread of this process holds the lock. */
    public boolean isHeldByCurrentThread() {
        int v = (int) INT.getVolatile(memory, base + STATE);
        return (v & PID_MASK) == ME
                && (long) LONG.get(memory, base + OWNER_THREAD) == Thread.currentThread().threadId();
    }

    /** Whether some process holds the lock. */
    public boolean isLocked() {
        return ((int) INT.getVolatile(memory, base + STATE) & PID_MASK) != 0;
    }

    /** The pid of the holder, or 0. */
    public long ownerPid() {
        return (int) INT.getVolatile(memory, base + STATE) & PID_MASK;
    }

    /** The pid of the last owner that died holding the lock, or 0. */
    public long diedOwnerPid() {
        return (long) LONG.getVolatile(memory, base + DIED_OWNER);
    }

    /** Whether the current holder took the lock from an owner that died holding it. */
    public boolean isRecovered() {
        return (int) INT.getVolatile(memory, base + RECOVERED) != 0;
    }

    /** The recursion count, for reentrant use by the owner: read and written only while holding. */
    public int holdCount() {
        return (int) INT.get(memory, base + HOLDS);
    }

    /** Sets the recursion count; only the owner may call this. */
    public void setHoldCount(int count) {
        INT.set(memory, base + HOLDS, count);
    }

    /**
     * Throws unless the calling thread holds the lock.
     *
     * @throws IllegalMonitorStateException naming the action and the holder
     */
    public void checkHeldByCurrentThread(String action) {
        if (!isHeldByCurrentThread()) {
            long owner = ownerPid();
            throw new IllegalMonitorStateException("cannot " + action + ": the lock is "
                    + (owner == 0 ? "not held" : "held by pid=" + owner + (owner == ME ? " (another thread)" : ""))
                    + ", not by this thread (pid=" + ME + ", thread=" + Thread.currentThread().getName() + ")");
        }
    }
}
