package org.multiprocessing4j.internal.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.ProcessIdentity;

/**
 * A fixed table in shared memory of the processes that use a shared object: each registers when it
 * creates or receives the object and unregisters when it exits normally. A registered process
 * that is no longer running died without exiting normally: this is how a {@code Barrier} learns
 * that a party was killed.
 *
 * <pre>
 *   slot i at base + 16 * i:  long pid (0 = free; claimed by CAS), long start ticks
 * </pre>
 * With more users than slots, the extra ones are not tracked (their death goes unnoticed).
 */
public final class ProcessSlots {
    public static final int SLOTS = 64;
    public static final int LENGTH = SLOTS * 16;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment memory;
    private final long base;

    public ProcessSlots(MemorySegment memory, long base) {
        this.memory = memory;
        this.base = base;
    }

    /** Registers this process unless it is registered already; returns whether it is now. */
    public boolean register() {
        return register(ProcessIdentity.pid(), ProcessIdentity.startTicks());
    }

    /**
     * Registers the process {@code pid} that started at {@code startTicks} (a child being sent this
     * object, so that its death counts even if it dies before it receives it).
     */
    public boolean register(long pid, long startTicks) {
        for (int i = 0; i < SLOTS; i++) {
            if ((long) LONG.getVolatile(memory, base + 16L * i) == pid) {
                return true;
            }
        }
        for (int i = 0; i < SLOTS; i++) {
            long at = base + 16L * i;
            if (LONG.compareAndSet(memory, at, 0L, pid)) {
                LONG.setRelease(memory, at + 8, startTicks);
                return true;
            }
        }
        return false;
    }

    /** Removes this process's registration. */
    public void unregister() {
        long me = ProcessIdentity.pid();
        for (int i = 0; i < SLOTS; i++) {
            long at = base + 16L * i;
            if ((long) LONG.getVolatile(memory, at) == me) {
                LONG.setVolatile(memory, at + 8, 0L);
                LONG.compareAndSet(memory, at, me, 0L);
            }
        }
    }

    /** Whether some registered process is still running; frees the slots of dead ones. */
    public boolean anyAlive() {
        reapDead();
        for (int i = 0; i < SLOTS; i++) {
            if ((long) LONG.getVolatile(memory, base + 16L * i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Finds registered processes that died, frees their slots, and returns the first pid, or 0. */
    public long reapDead() {
        long dead = 0;
        for (int i = 0; i < SLOTS; i++) {
            long at = base + 16L * i;
            long pid = (long) LONG.getVolatile(memory, at);
            if (pid == 0) {
                continue;
            }
            long start = (long) LONG.getAcquire(memory, at + 8);
            if (!ProcessIdentity.isAlive(pid, start) && LONG.compareAndSet(memory, at, pid, 0L)) {
                dead = dead == 0 ? pid : dead;
            }
        }
        return dead;
    }
}
