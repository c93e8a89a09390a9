package org.multiprocessing4j.internal.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;

/**
 * What each worker of a pool runs now, in shared memory: the pool reads it to find a task past
 * its deadline (and kill its worker), and, when a worker died, which of its chunk's tasks it was
 * running (that task is charged with the death; the chunk's other tasks run again).
 *
 * <pre>
 *   per slot, 192 bytes (three cache lines: workers do not share one):
 *     int  seq           odd while the worker rewrites the entry (a seqlock)
 *     int  chunkIndex    the chunk it runs
 *     long jobId         its job, or -1 when it runs none
 *     int  taskIndex     the position in the chunk of the task it runs
 *     int  generation    raised by the pool each time it starts a worker in the slot: a worker
 *                        that finds it raised was given up (a killed worker thread) and stops
 *     long startNanos    when that task started (System.nanoTime, CLOCK_MONOTONIC: one clock for
 *                        every process of the machine), or 0 when its chunk has no time limit
 *   at 64, the worker's insights ({@link WorkerStats}), rewritten after each chunk, before its result is sent:
 *     int  statsSeq      odd while the worker rewrites them (a seqlock of their own)
 *     long tasks, chunks, retried   tasks and chunks it ran, task exceptions it ran again
 *     long waitNanos, serialNanos, workNanos   time spent waiting for a chunk, decoding and
 *                        encoding chunks and results, running tasks
 *     SLOWEST x {long nanos, long jobId, int chunkIndex, int position}   its slowest tasks,
 *                        slowest first; nanos 0: none
 * </pre>
 * The pool zeroes an entry's insights only when it starts a new worker in the slot (the old one
 * is gone: no writer), after reading them for the pool's history.
 * Only the slot's worker writes its entry. The seqlock is taken for the start of a chunk and for
 * the start of each task of a chunk with a time limit; without one, a task's start is one opaque
 * store of {@code taskIndex}, which the pool reads only after the worker died (so nothing races).
 */
public final class WorkerBoard {
    static final int ENTRY = 192;
    /** The slowest tasks each worker keeps. */
    static final int SLOWEST = 3;
    private static final long STATS_SEQ = 64;
    private static final long TASKS = 72;
    private static final long CHUNKS = 80;
    private static final long RETRIED = 88;
    private static final long WAIT = 96;
    private static final long SERIAL = 104;
    private static final long WORK = 112;
    private static final long SLOW = 120;
    private static final long SLOW_ENTRY = 24;
    private static final long SEQ = 0;
    private static final long CHUNK = 4;
    private static final long JOB = 8;
    private static final long TASK = 16;
    private static final long GENERATION = 20;
    private static final long START = 24;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** Times {@link #read} retries while a worker rewrites its entry before it gives up for now. */
    private static final int READ_ATTEMPTS = 8;

    /** The prefix of the name of a board in this JVM's heap, for worker threads. */
    private static final String IN_THIS_JVM = "jvm-board-";
    /** The boards of pools whose workers are threads of this JVM, by name. */
    private static final Map<String, WorkerBoard> THIS_JVM = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_NAME = new AtomicLong();

    /** The shared segment, or null for a board in this JVM's memory. */
    private final SharedSegment segment;
    private final MemorySegment words;
    private final String name;

    private WorkerBoard(SharedSegment segment, MemorySegment words, String name) {
        this.segment = segment;
        this.words = words;
        this.name = name;
    }

    /**
     * A board for {@code slots} workers, each entry idle: in shared memory for worker processes,
     * in this JVM's memory for worker threads (which then find it by name, as processes would).
     */
    static WorkerBoard create(int slots, boolean threads) {
        long length = (long) ENTRY * slots;
        WorkerBoard b;
        if (threads) {
            String name = IN_THIS_JVM + NEXT_NAME.incrementAndGet();
            b = new WorkerBoard(null, Arena.ofAuto().allocate(length, 64), name);
            THIS_JVM.put(name, b);
        } else {
            SharedSegment segment = SharedSegments.create(length);
            b = new WorkerBoard(segment, segment.data(), segment.name());
        }
        for (int i = 0; i < slots; i++) {
            LONG.setVolatile(b.words, (long) ENTRY * i + JOB, -1L);
        }
        return b;
    }

    /** The board {@link #name()} names, mapped in this (worker) process. */
    static WorkerBoard attach(String name) {
        if (name.startsWith(IN_THIS_JVM)) {
            WorkerBoard b = THIS_JVM.get(name);
            if (b == null) {
                throw new IllegalStateException("the pool's worker board " + name + " is gone: its pool was closed");
            }
            return b;
        }
        SharedSegment segment = SharedSegments.attach(name);
        return new WorkerBoard(segment, segment.data(), name);
    }

    /** The board's name, for workers to attach. */
    String name() {
        return name;
    }

    /** Unlinks and unmaps the board once no worker uses it; it is unusable afterwards. */
    void destroy() {
        if (segment == null) {
            THIS_JVM.remove(name); // the memory goes with the last worker thread that refers to it
            return;
        }
        segment.unlink();
        SharedSegments.close(segment);
    }

    /** The worker of {@code slot} starts chunk {@code chunk} of job {@code job}; its first task starts now if {@code timed}. */
    void chunkStarted(int slot, long job, int chunk, boolean timed) {
        long base = (long) ENTRY * slot;
        int seq = (int) INT.get(words, base + SEQ);
        INT.setOpaque(words, base + SEQ, seq + 1);
        VarHandle.storeStoreFence();
        INT.setOpaque(words, base + CHUNK, chunk);
        LONG.setOpaque(words, base + JOB, job);
        INT.setOpaque(words, base + TASK, 0);
        LONG.setOpaque(words, base + START, timed ? System.nanoTime() : 0L);
        INT.setRelease(words, base + SEQ, seq + 2);
    }

    /** The worker of {@code slot} starts the task at {@code position} of its chunk, {@code now} (noted for a timed chunk). */
    void taskStarted(int slot, int position, boolean timed, long now) {
        long base = (long) ENTRY * slot;
        if (!timed) {
            INT.setOpaque(words, base + TASK, position);
            return;
        }
        int seq = (int) INT.get(words, base + SEQ);
        INT.setOpaque(words, base + SEQ, seq + 1);
        VarHandle.storeStoreFence();
        INT.setOpaque(words, base + TASK, position);
        LONG.setOpaque(words, base + START, now);
        INT.setRelease(words, base + SEQ, seq + 2);
    }

    /**
     * The pool starts a new worker in {@code slot}: its entry is idle, and the slot's generation
     * goes up, so that a worker given up there stops at its next chunk ({@link #generation}).
     */
    void newWorker(int slot) {
        idle(slot);
        words.asSlice((long) ENTRY * slot + STATS_SEQ, ENTRY - STATS_SEQ).fill((byte) 0);
        long at = (long) ENTRY * slot + GENERATION;
        INT.setRelease(words, at, (int) INT.getAcquire(words, at) + 1);
    }

    /** The generation of {@code slot}: a worker reads it as it starts, and stops when it changed. */
    int generation(int slot) {
        return (int) INT.getAcquire(words, (long) ENTRY * slot + GENERATION);
    }

    /** The worker of {@code slot} runs no chunk now. */
    void idle(int slot) {
        long base = (long) ENTRY * slot;
        int seq = (int) INT.get(words, base + SEQ);
        INT.setOpaque(words, base + SEQ, seq + 1);
        VarHandle.storeStoreFence();
        LONG.setOpaque(words, base + JOB, -1L);
        LONG.setOpaque(words, base + START, 0L);
        INT.setRelease(words, base + SEQ, seq + 2);
    }

    /**
     * What the worker of {@code slot} runs, read consistently; null if it runs nothing, or if it
     * kept rewriting the entry (then the next look will see it). After the worker died, the entry
     * is read as it was left (a worker that died mid-rewrite leaves it odd: read anyway).
     *
     * @param slot the worker's slot
     * @param workerDead whether the worker is known to be dead (no more writes)
     */
    Running read(int slot, boolean workerDead) {
        long base = (long) ENTRY * slot;
        for (int attempt = 0; attempt < READ_ATTEMPTS || workerDead; attempt++) {
            int before = (int) INT.getAcquire(words, base + SEQ);
            if ((before & 1) != 0 && !workerDead) {
                Thread.onSpinWait();
                continue;
            }
            long job = (long) LONG.getOpaque(words, base + JOB);
            int chunk = (int) INT.getOpaque(words, base + CHUNK);
            int task = (int) INT.getOpaque(words, base + TASK);
            long start = (long) LONG.getOpaque(words, base + START);
            VarHandle.loadLoadFence();
            if (workerDead || (int) INT.getOpaque(words, base + SEQ) == before) {
                return job < 0 ? null : new Running(job, chunk, task, start);
            }
        }
        return null;
    }

    /** The worker of {@code slot} publishes its insights (only it writes them). */
    void publish(int slot, WorkerStats stats) {
        long base = (long) ENTRY * slot;
        int seq = (int) INT.get(words, base + STATS_SEQ);
        INT.setOpaque(words, base + STATS_SEQ, seq + 1);
        VarHandle.storeStoreFence();
        LONG.setOpaque(words, base + TASKS, stats.tasks);
        LONG.setOpaque(words, base + CHUNKS, stats.chunks);
        LONG.setOpaque(words, base + RETRIED, stats.retried);
        LONG.setOpaque(words, base + WAIT, stats.waitNanos);
        LONG.setOpaque(words, base + SERIAL, stats.serialNanos);
        LONG.setOpaque(words, base + WORK, stats.workNanos);
        for (int i = 0; i < SLOWEST; i++) {
            long at = base + SLOW + i * SLOW_ENTRY;
            LONG.setOpaque(words, at, stats.slowNanos[i]);
            LONG.setOpaque(words, at + 8, stats.slowJob[i]);
            INT.setOpaque(words, at + 16, stats.slowChunk[i]);
            INT.setOpaque(words, at + 20, stats.slowPosition[i]);
        }
        INT.setRelease(words, base + STATS_SEQ, seq + 2);
    }

    /**
     * The insights the worker of {@code slot} published, read consistently (after a few
     * attempts, or once the worker is dead, as they are).
     */
    Stats stats(int slot, boolean workerDead) {
        long base = (long) ENTRY * slot;
        Stats read = null;
        for (int attempt = 0; attempt < 64; attempt++) {
            int before = (int) INT.getAcquire(words, base + STATS_SEQ);
            if ((before & 1) != 0 && !workerDead) {
                Thread.onSpinWait();
                continue;
            }
            List<SlowTask> slowest = new ArrayList<>(SLOWEST);
            for (int i = 0; i < SLOWEST; i++) {
                long at = base + SLOW + i * SLOW_ENTRY;
                long nanos = (long) LONG.getOpaque(words, at);
                if (nanos > 0) {
                    slowest.add(new SlowTask(nanos, (long) LONG.getOpaque(words, at + 8),
                            (int) INT.getOpaque(words, at + 16), (int) INT.getOpaque(words, at + 20)));
                }
            }
            read = new Stats((long) LONG.getOpaque(words, base + TASKS), (long) LONG.getOpaque(words, base + CHUNKS),
                    (long) LONG.getOpaque(words, base + RETRIED), (long) LONG.getOpaque(words, base + WAIT),
                    (long) LONG.getOpaque(words, base + SERIAL), (long) LONG.getOpaque(words, base + WORK), slowest);
            VarHandle.loadLoadFence();
            if (workerDead || (int) INT.getOpaque(words, base + STATS_SEQ) == before) {
                return read;
            }
        }
        return read == null ? Stats.NONE : read; // rewritten all along: a nearly consistent read is good enough for insights
    }

    /**
     * What a worker published of itself (see {@link WorkerStats}).
     *
     * @param tasks tasks it ran
     * @param chunks chunks it ran
     * @param retried task exceptions it ran again ({@code retries} with a predicate)
     * @param waitNanos time it waited for a chunk (and sent results)
     * @param serialNanos time it decoded chunks and encoded results
     * @param workNanos time it ran tasks
     * @param slowest its slowest tasks, slowest first
     */
    record Stats(long tasks, long chunks, long retried, long waitNanos, long serialNanos, long workNanos,
            List<SlowTask> slowest) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, List.of());
    }

    /** One of a worker's slowest tasks: it took {@code nanos}, at {@code position} of chunk {@code chunkIndex} of job {@code jobId}. */
    record SlowTask(long nanos, long jobId, int chunkIndex, int position) {}

    /**
     * A worker's current task.
     *
     * @param jobId its job
     * @param chunkIndex its chunk
     * @param position its position in the chunk
     * @param startNanos when it started ({@link System#nanoTime}), or 0 if its chunk has no time limit
     */
    record Running(long jobId, int chunkIndex, int position, long startNanos) {
        boolean runs(TaskChunk c) {
            return c.jobId() == jobId && c.index() == chunkIndex;
        }
    }
}
