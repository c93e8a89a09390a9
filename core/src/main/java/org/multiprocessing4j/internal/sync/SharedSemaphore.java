package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;

/**
 * A counting semaphore in shared memory: the engine of {@code Semaphore} and
 * {@code BoundedSemaphore}.
 *
 * <pre>
 *   0: int value    permits available (futex word)
 *   4: int sleepers processes' threads that may sleep on value
 *   8: int bound    the most permits release may make (BoundedSemaphore), or -1 for none
 *  12: reserved (4 bytes)
 * </pre>
 *
 * Acquire CASes the value down when it is positive, spins a little, then registers as a sleeper
 * and sleeps while the value is 0, in slices (interrupts and deadlines are checked between
 * them; see {@link FutexWait}). Release CASes the value up (refusing to pass the bound) and wakes one sleeper if any.
 * Permits held by a process that dies are not returned, as in CPython.
 */
public final class SharedSemaphore {
    /** int: permits available (the futex word). */
    static final int VALUE = 0;
    /** int: threads that may sleep on the value (release skips the wake-up at 0). */
    static final int SLEEPERS = VALUE + Integer.BYTES;
    /** int: the most permits release may make, or -1 for no bound. */
    static final int BOUND = SLEEPERS + Integer.BYTES;
    /** 4 bytes, unused, so that a semaphore fills 16 bytes. */
    static final int RESERVED = BOUND + Integer.BYTES;
    /** Bytes a semaphore occupies. */
    public static final int LENGTH = RESERVED + Integer.BYTES;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment memory;
    private final long base;
    private final FutexWait wait;
    /** READY when a permit was taken, else the value (0) to sleep on. */
    private final FutexWait.Poll permitTaken;

    /** A semaphore at {@code memory[base, base + LENGTH)}, set up by {@link #init} before it is shared. */
    public SharedSemaphore(MemorySegment memory, long base) {
        this.memory = memory;
        this.base = base;
        this.wait = new FutexWait(memory, base + VALUE, base + SLEEPERS);
        this.permitTaken = () -> {
            while (true) {
                int v = (int) INT.getVolatile(memory, base + VALUE);
                if (v <= 0) {
                    return v;
                }
                if (INT.compareAndSet(memory, base + VALUE, v, v - 1)) {
                    return FutexWait.READY;
                }
            }
        };
    }

    /** Sets the initial value and bound; only the creator calls this, before sharing. */
    public void init(int value, int bound) {
        INT.set(memory, base + BOUND, bound);
        INT.setRelease(memory, base + VALUE, value);
    }

    public int value() {
        return (int) INT.getVolatile(memory, base + VALUE);
    }

    public int bound() {
        return (int) INT.getVolatile(memory, base + BOUND);
    }

    /** Takes a permit if one is available now. */
    public boolean tryAcquire() {
        return permitTaken.poll() == FutexWait.READY;
    }

    /**
     * Takes a permit, waiting at most {@code timeoutNanos}.
     *
     * @return whether a permit was taken
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return wait.spin(permitTaken, WaitPolicy.SPINS)
                || wait.sleep(permitTaken, WaitPolicy.deadline(timeoutNanos), null, 0, this::passOnWakeUp)
                        == FutexWait.Outcome.READY;
    }

    /** An interrupted sleeper may have taken a release's wake-up: pass it on to another. */
    private void passOnWakeUp() {
        if (value() > 0) {
            Futex.wake(memory, base + VALUE, 1);
        }
    }

    /**
     * Returns {@code n} permits.
     *
     * @throws IllegalStateException if that would pass the bound
     */
    public void release(int n) {
        int bound = bound();
        while (true) {
            int v = (int) INT.getVolatile(memory, base + VALUE);
            if (bound >= 0 && (long) v + n > bound) {
                throw new IllegalStateException("semaphore released too many times: value=" + v + " + " + n
                        + " would exceed the initial value=" + bound);
            }
            if ((long) v + n > Integer.MAX_VALUE) {
                throw new IllegalStateException("semaphore value=" + v + " + " + n + " would overflow");
            }
            if (INT.compareAndSet(memory, base + VALUE, v, v + n)) {
                break;
            }
        }
        if ((int) INT.getVolatile(memory, base + SLEEPERS) > 0) {
            Futex.wake(memory, base + VALUE, n);
        }
    }
}
