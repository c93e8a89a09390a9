package org.multiprocessing4j.internal.pool;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * One worker's place in a {@link PoolEngine}: the worker running in it now, its inbox, and the
 * chunks it holds. A worker that dies or retires is replaced in the same slot, with a new inbox.
 * Guarded by the engine's lock.
 */
final class WorkerSlot {
    final int index;
    WorkerHandle worker;
    FrameQueue inbox;
    /** The chunks sent to its worker and not yet answered, in the order sent. */
    final Map<ChunkKey, TaskChunk> held = new LinkedHashMap<>();
    /** The wire size of each chunk sent to its worker, for {@link #heldBytes}; entries of chunks no longer held are dropped there. */
    final Map<ChunkKey, Integer> sentBytes = new java.util.HashMap<>();
    /** Claim words of chunks moved away from this worker and not yet acknowledged by it. */
    final Set<Integer> revoked = new HashSet<>();
    /** Chunks sent to its current worker, for {@code maxTasksPerChild}. */
    int assigned;
    /** Whether its worker said it retires after the chunk it answered (maxTasksPerChild reached). */
    boolean retiring;
    /** Whether its worker said it runs its loop (see {@link ChunkResult#ready}). */
    boolean reported;
    /** What its worker said it dies of, or null. */
    Throwable deathCause;
    /**
     * Its workers that died before they ran their loop, in a row, whatever the other slots'
     * workers did meanwhile; kept across replacements.
     */
    int startFailures;
    /** Why the pool killed its worker (a task past its deadline, a cancelled task), or null. */
    Kill kill;
    /** When the pool asked for its worker ({@link System#nanoTime}). */
    long launchedNanos;
    /** From {@link #launchedNanos} to its worker's ready notice, or -1 before it. */
    long startupNanos = -1;
    /** Tasks of its worker whose results came (counted here too: a board is not always there). */
    long tasksDone;

    /** Why the pool killed a worker: its loss is then not the worker's fault. */
    sealed interface Kill {}

    /** Its task at {@code running} ran past its deadline of {@code timeoutNanos}. */
    record TimedOut(WorkerBoard.Running running, long timeoutNanos) implements Kill {}

    /** It ran a task of a job that was cancelled. */
    record Cancelled(long jobId) implements Kill {}

    WorkerSlot(int index) {
        this.index = index;
    }

    /** The wire bytes of the chunks it holds. */
    long heldBytes() {
        sentBytes.keySet().retainAll(held.keySet());
        long sum = 0;
        for (int b : sentBytes.values()) {
            sum += b;
        }
        return sum;
    }
}
