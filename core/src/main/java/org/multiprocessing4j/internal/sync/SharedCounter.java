package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.Futex;

/**
 * A non-negative counter in shared memory that processes can wait to see reach zero: the
 * unfinished-task count of {@code JoinableQueue}.
 *
 * <pre>
 *   0: int count     (futex word)
 *   4: int sleepers  threads that may sleep waiting for zero
 * </pre>
 */
public final class SharedCounter implements org.multiprocessing4j.spi.TaskCounter {
    /** int: the count (the futex word). */
    static final int COUNT = 0;
    /** int: threads that may sleep waiting for zero (the last decrement skips the wake-up at 0). */
    static final int SLEEPERS = COUNT + Integer.BYTES;
    /** Bytes a counter occupies. */
    public static final int LENGTH = SLEEPERS + Integer.BYTES;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment memory;
    private final long base;
    private final String segmentName;
    private final FutexWait wait;
    /** READY when the count is zero, else the count to sleep on. */
    private final FutexWait.Poll zero;

    /** A counter at {@code memory[base, base + LENGTH)}, which must be zeroed when first used. */
    public SharedCounter(MemorySegment memory, long base) {
        this(memory, base, null);
    }

    /** A counter at {@code base} of the segment named {@code segmentName}, which its {@link #handle()} names. */
    public SharedCounter(MemorySegment memory, long base, String segmentName) {
        this.memory = memory;
        this.base = base;
        this.segmentName = segmentName;
        this.wait = new FutexWait(memory, base + COUNT, base + SLEEPERS);
        this.zero = () -> {
            int v = get();
            return v == 0 ? FutexWait.READY : v;
        };
    }

    /** The name of the segment that holds the counter (at offset 0 of its data). */
    @Override
    public java.io.Serializable handle() {
        if (segmentName == null || base != 0) {
            throw new IllegalStateException("this counter has no handle of its own");
        }
        return segmentName;
    }

    @Override
    public int get() {
        return (int) INT.getVolatile(memory, base + COUNT);
    }

    @Override
    public void increment() {
        INT.getAndAdd(memory, base + COUNT, 1);
    }

    /**
     * Decrements, waking the waiters when it reaches zero.
     *
     * @throws IllegalStateException if the count is zero already
     */
    @Override
    public void decrement(String what) {
        while (true) {
            int v = get();
            if (v <= 0) {
                throw new IllegalStateException(what + " called more times than there were items (count=" + v + ")");
            }
            if (INT.compareAndSet(memory, base + COUNT, v, v - 1)) {
                if (v == 1 && (int) INT.getVolatile(memory, base + SLEEPERS) > 0) {
                    Futex.wake(memory, base + COUNT, Integer.MAX_VALUE);
                }
                return;
            }
        }
    }

    /**
     * Waits at most {@code timeoutNanos} for the count to be zero.
     *
     * @return whether it is zero
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean awaitZero(long timeoutNanos) throws InterruptedException {
        return wait.sleep(zero, WaitPolicy.deadline(timeoutNanos), null, 0, null) == FutexWait.Outcome.READY;
    }
}
