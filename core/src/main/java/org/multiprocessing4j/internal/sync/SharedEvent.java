package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;

/**
 * A flag in shared memory that processes can wait for: the engine of {@code Event}.
 *
 * <pre>
 *   0: int flag     0 clear, 1 set (futex word)
 *   4: int sleepers threads that may sleep on the flag
 * </pre>
 *
 * Set writes 1 (release) and wakes every sleeper; waiters spin briefly, then sleep while the flag
 * is 0 (see {@link FutexWait}).
 */
public final class SharedEvent {
    /** int: 0 clear, 1 set (the futex word). */
    static final int FLAG = 0;
    /** int: threads that may sleep on the flag (set skips the wake-up at 0). */
    static final int SLEEPERS = FLAG + Integer.BYTES;
    /** Bytes an event occupies. */
    public static final int LENGTH = SLEEPERS + Integer.BYTES;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment memory;
    private final long base;
    private final FutexWait wait;
    /** READY when the flag is set, else the flag's value (0) to sleep on. */
    private final FutexWait.Poll flagSet;

    /** An event at {@code memory[base, base + LENGTH)}, which must be zeroed when first used. */
    public SharedEvent(MemorySegment memory, long base) {
        this.memory = memory;
        this.base = base;
        this.wait = new FutexWait(memory, base + FLAG, base + SLEEPERS);
        this.flagSet = () -> {
            int flag = (int) INT.getAcquire(memory, base + FLAG);
            return flag != 0 ? FutexWait.READY : flag;
        };
    }

    public boolean isSet() {
        return (int) INT.getAcquire(memory, base + FLAG) != 0;
    }

    public void set() {
        INT.setVolatile(memory, base + FLAG, 1);
        if ((int) INT.getVolatile(memory, base + SLEEPERS) > 0) {
            Futex.wake(memory, base + FLAG, Integer.MAX_VALUE);
        }
    }

    public void clear() {
        INT.setVolatile(memory, base + FLAG, 0);
    }

    /**
     * Waits at most {@code timeoutNanos} for the flag.
     *
     * @return whether it is set
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(long timeoutNanos) throws InterruptedException {
        if (isSet()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return wait.spin(flagSet, WaitPolicy.SPINS)
                || wait.sleep(flagSet, WaitPolicy.deadline(timeoutNanos), null, 0, null) == FutexWait.Outcome.READY;
    }
}
