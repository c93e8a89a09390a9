package org.multiprocessing4j.internal.pool;

import java.io.EOFException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.events.FlightEvents;
import org.multiprocessing4j.internal.events.JobEvent;
import org.multiprocessing4j.internal.events.WorkerExitedEvent;
import org.multiprocessing4j.internal.events.WorkerStartedEvent;
import org.multiprocessing4j.internal.runtime.ExitSequence;
import org.multiprocessing4j.internal.serial.RemoteFailure;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * The parent side of a pool: the workers, the chunks waiting for one, the jobs in flight, and the
 * result thread.
 *
 * <h2>Dispatch</h2>
 * Each worker has its own inbox; the engine hands a worker at most {@link #prefetch} chunks at a
 * time, one worker after the other, so it always knows which chunks a worker holds. Each chunk sent gets a claim word: the
 * worker claims it before running it, or the engine revokes it to move the chunk to an idle
 * worker, and the worker then skips it and acknowledges. A dead worker's chunks that never started
 * are sent again; the ones it started fail. Results come back on one shared queue.
 *
 * <h2>The result thread</h2>
 * Takes results (waiting at most {@link #TICK_MILLIS} ms), completes jobs, checks that every
 * worker is alive, replaces dead or retired workers, and dispatches waiting chunks. A worker that
 * died fails exactly the chunks it held with a {@code WorkerLostException}.
 *
 * <h2>Bookkeeping</h2>
 * Where a task is, at any time, and who holds it:
 * <ul>
 *   <li>{@link #jobs}: the jobs in flight by id ({@link ListJob}, {@link ImapJob}), each told of
 *       its chunks' results or failures ({@link #accept}, {@link #fail});
 *   <li>{@link #pending}: chunks waiting for a worker ({@link #dispatchLocked});
 *   <li>{@link #slots}: one {@link WorkerSlot} per worker, with the chunks it holds
 *       ({@link WorkerSlot#held}), their claim words and those revoked from it;
 *   <li>{@link #runs}: how often a chunk was sent to a worker that died holding it
 *       ({@link #checkWorkersLocked}, up to {@link #MAX_RUNS});
 *   <li>{@link #freeClaims}: the claim words of {@link #claims} not in use.
 * </ul>
 * Workers are started and told apart through {@link PoolHost} and {@link WorkerHandle}; a dead
 * worker is found by {@link #checkWorkersLocked}, which fails or re-sends what it held.
 *
 * <h2>Lifecycle</h2>
 * RUNNING takes work. {@link #shutdown()} (CPython's {@code close}) refuses new work; once every
 * job is done the workers get the stop marker and exit. {@link #terminate()} kills the workers at
 * once and fails what is pending. All state is guarded by {@link #lock}.
 *
 * <p>The engine uses no public class of the API package but the exception types: what it needs
 * of the pool's context (queues, workers, the exceptions with non-public constructors) comes
 * through {@link PoolHost}.
 */
public final class PoolEngine {
    /**
     * Chunks a worker may hold at once when chunks cannot move (a cluster pool, without claim
     * words): the one it runs and the next, so that it does not wait a round trip between chunks.
     */
    static final int PREFETCH = 2;
    /**
     * Chunks a worker may hold when they can move (a local pool): enough that a worker running
     * tiny chunks (imap with chunksize 1) finds the next ones in its inbox rather than sleeping
     * until the result thread sends one. A prefetched chunk that has not started when another
     * worker goes idle is moved to that worker (see {@link ClaimTable}), so it never waits behind
     * a long task.
     */
    static final int DEEP_PREFETCH = 8;
    /**
     * Beyond its first two chunks, a worker is sent more only while the chunks it holds are
     * smaller than this in all: large chunks then wait in the parent, not in fresh shared memory
     * (a queue keeps its chunk files for reuse only up to a few MiB, see {@code ChunkFiles}).
     */
    static final long PREFETCH_BYTES = 8L << 20;
    static final long TICK_MILLIS = 50;
    /** Receives from the result queue that may fail in a row, a tick apart, before the pool gives up its work. */
    static final int MAX_FAILED_RECEIVES = 20;

    private enum State { RUNNING, SHUTDOWN, TERMINATED }

    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final WorkerOptions options;
    /** The plug-in codec of the pool's arguments and results ({@link WorkerOptions#codecName}); null: Java serialization. */
    private final org.multiprocessing4j.spi.ObjectCodec codec;
    private final int maxTasksPerChild;
    /** Each task's time limit unless its job has its own, in nanoseconds; 0 for none. */
    private final long taskTimeoutNanos;
    /** Times a task whose worker died running it is run again before it fails (see {@link #chargeDeath}). */
    private final int retries;
    /** What each worker runs now, in shared memory; null when workers may be on other machines. */
    private final WorkerBoard board;
    /** Deaths charged to a task, by chunk and position: see {@link #chargeDeath}; guarded by lock. */
    private final Map<TaskKey, Integer> deaths = new HashMap<>();
    /**
     * Failures already decided for positions of chunks that run again (a task past its deadline,
     * a task whose workers died too often): the chunk is re-sent without them, and they take
     * their places in its result ({@link #accept}); guarded by lock.
     */
    private final Map<ChunkKey, Map<Integer, Throwable>> overlays = new HashMap<>();
    /** Task counts for {@link #stats}; guarded by lock. */
    private long completed, failed, lost, retried, timedOut;
    /** The insights of the last {@link #HISTORY} workers that are gone, oldest first; guarded by lock. */
    private final ArrayDeque<PoolStats.Worker> pastWorkers = new ArrayDeque<>();
    /** The sums of the insights of every worker that is gone (slot -1); guarded by lock. */
    private PoolStats.Worker pastTotal = PoolStats.Worker.NONE;
    /** The slowest tasks of the workers that are gone, slowest first; guarded by lock. */
    private List<PoolStats.SlowTask> pastSlowest = List.of();
    /**
     * The chunk sizes of the last jobs submitted, to name a slow task by its index in its job's
     * input (not the jobs: a job holds its results); guarded by lock.
     */
    private final Map<Long, Long> recentChunkSizes = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > HISTORY;
        }
    };
    /** Workers that are gone whose insights are kept one by one, and jobs kept to name slow tasks. */
    static final int HISTORY = 32;
    /** Slow tasks an insight lists. */
    static final int SLOWEST = 5;
    /** What the workers' exit hooks gave back, in the order they exited; guarded by lock. */
    private final List<WorkerExit> exits = new ArrayList<>();
    /** Where workers run and the engine's queues live; a pool not local retries lost chunks, see {@link #retryLost}. */
    private final PoolHost host;
    private final FrameQueue results;
    private final WorkerSlot[] slots;
    private final ArrayDeque<TaskChunk> pending = new ArrayDeque<>();
    private final Map<Long, Job> jobs = new HashMap<>();
    private final Thread resultThread;
    /** Claim words in shared memory, so that prefetched chunks can move; {@code null} when workers may be on other machines. */
    private final ClaimTable claims;
    /**
     * Whether a chunk held by a lost worker runs again elsewhere (up to {@link #MAX_RUNS} times)
     * instead of failing with a {@code WorkerLostException}: so on a cluster, where a member that
     * leaves takes its workers along. A task may then run twice.
     */
    private final boolean retryLost;
    private final Map<ChunkKey, Integer> runs = new HashMap<>(); // guarded by lock; retryLost only
    private final ArrayDeque<Integer> freeClaims = new ArrayDeque<>(); // guarded by lock
    private final String name;
    /** Chunks a worker may hold at once: {@link #DEEP_PREFETCH} with claim words, else {@link #PREFETCH}. */
    private final int prefetch;
    private State state = State.RUNNING;
    /** Set when workers failed to start {@link #MAX_START_FAILURES} times in a row: fails all work; guarded by lock. */
    private Loss broken;
    /** Workers that died before they ran their loop, in a row; guarded by lock. */
    private int startFailures;
    /** The cgroup's OOM-kill count when the workers were last checked, or -1 if it cannot be read. */
    private long oomKills = OomKills.read();
    private long nextJob;
    /** Whether {@link #releaseStorage()} ran; guarded by lock. */
    private boolean released;
    /** The insights when the storage was released; guarded by lock. */
    private PoolStats finalStats;
    /** What runs once the storage is released (see {@link #whenReleased}); guarded by lock. */
    private Runnable onRelease;

    /**
     * The chunk size of the pool's queues: 1 MiB rather than a queue's default 4 MiB. Each queue
     * holds at least one chunk, so a pool of n workers keeps n + 1 chunks in {@code /dev/shm}
     * (a container's is often 64 MB), and a queue's first message creates its first chunk, on a
     * pool's start path (measured warm: 0.5 ms for 1 MiB, 1.6 to 2.4 ms for 4 MiB). Larger
     * messages span chunks: 256 KiB chunks cost {@code pool2_map_1MiB_args_200} 15%, 1 MiB
     * chunks nothing measurable.
     */
    static final int QUEUE_CHUNK_SIZE = 1 << 20;

    /**
     * Times a chunk is sent out before a worker loss fails it: a chunk that never started (its
     * worker died decoding it, say) is sent again until it was held by this many workers that
     * died; one that started is sent again only when {@link #retryLost}.
     */
    static final int MAX_RUNS = 3;
    /** Workers that die before they run their loop, in a row, after which the pool fails its work instead of starting more. */
    static final int MAX_START_FAILURES = 3;

    /**
     * Starts a pool's workers and its result thread.
     *
     * @param name the pool's name, for threads, workers and messages ({@code Pool}, {@code ThreadPool})
     * @param host the pool's context: its queues, its workers, the public exceptions
     * @param processes the number of workers, 1 or more
     * @param initializer run once in each worker before its first task; null for none
     * @param maxTasksPerChild task chunks a worker runs before it is replaced; 0 for never
     */
    public PoolEngine(String name, PoolHost host, int processes, SerializableRunnable initializer,
            int maxTasksPerChild) {
        this(name, host, processes, WorkerOptions.NONE.with(initializer, maxTasksPerChild), 0, 0);
    }

    /**
     * Starts a pool's workers and its result thread.
     *
     * @param name the pool's name, for threads, workers and messages ({@code Pool}, {@code ThreadPool})
     * @param host the pool's context: its queues, its workers, the public exceptions
     * @param processes the number of workers, 1 or more
     * @param options what each worker is told at its start (initializer, chunk and memory limits, state)
     * @param taskTimeoutNanos each task's time limit unless its call gives one; 0 for none
     * @param retries times a task whose worker died running it runs again before it fails; 0 for none
     * @throws IllegalArgumentException if a time limit is set on a pool whose workers are not on this machine
     */
    public PoolEngine(String name, PoolHost host, int processes, WorkerOptions options, long taskTimeoutNanos,
            int retries) {
        if (taskTimeoutNanos < 0 || retries < 0) {
            throw new IllegalArgumentException("taskTimeoutNanos=" + taskTimeoutNanos + ", retries=" + retries
                    + " must be >= 0");
        }
        this.name = name;
        this.host = host;
        boolean local = host.local();
        this.options = options;
        this.codec = options.codec(); // before any worker starts: an unknown name fails the constructor
        if (codec != null && !host.sameMachine()) {
            throw new IllegalArgumentException("codec \"" + codec.name() + "\" cannot be used by a pool whose workers"
                    + " are on other machines: plug-in codec frames are accepted only from this machine's processes;"
                    + " leave the codec at \"jdk\" for a cluster pool");
        }
        this.taskTimeoutNanos = taskTimeoutNanos;
        this.retries = retries;
        this.results = host.newQueue(QUEUE_CHUNK_SIZE);
        this.claims = local ? ClaimTable.create() : null;
        this.board = host.sameMachine() ? WorkerBoard.create(processes, !local) : null;
        this.retryLost = !local && host.resendsLostWork();
        this.prefetch = local ? DEEP_PREFETCH : PREFETCH;
        this.maxTasksPerChild = options.maxTasks();
        this.slots = new WorkerSlot[processes];
        for (int i = 0; claims != null && i < ClaimTable.SIZE; i++) {
            freeClaims.add(i);
        }
        for (int i = 0; i < processes; i++) {
            slots[i] = new WorkerSlot(i);
            startWorker(slots[i]);
        }
        this.resultThread = Thread.ofPlatform().name(name + "-results").daemon(true).start(this::resultLoop);
    }

    private void startWorker(WorkerSlot slot) {
        FrameQueue inbox = host.newQueue(QUEUE_CHUNK_SIZE); // first: if this fails, the slot keeps its old inbox
        if (slot.inbox != null && slot.worker != null && slot.worker.isAlive()) {
            // a worker thread given up (past its deadline): the stop marker ends it once its task
            // returns; its inbox goes with it (this JVM's memory)
            try {
                PoolWire.send(slot.inbox, PoolWire.CONTROL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (slot.inbox != null) {
            destroyQuietly(slot.inbox); // its worker exited: nobody reads it any more
        }
        FrameQueue res = results;
        int index = slot.index;
        String claimTable = claims == null ? null : claims.name();
        String boardName = board == null ? null : board.name();
        slot.inbox = inbox;
        slot.held.clear();
        slot.revoked.forEach(freeClaims::add); // the old worker is gone: nobody will claim these
        slot.revoked.clear();
        slot.assigned = 0;
        slot.retiring = false;
        slot.reported = false;
        slot.deathCause = null;
        slot.kill = null;
        if (slot.worker != null) {
            rememberLocked(slot); // the old worker is gone
        }
        if (board != null) {
            board.newWorker(slot.index); // the old worker is gone: its entry must not be read as the new one's
        }
        slot.launchedNanos = System.nanoTime();
        slot.startupNanos = -1;
        slot.tasksDone = 0;
        slot.worker = host.startWorker(PoolWorker.task(inbox, res, options, index, claimTable, boardName),
                name + "Worker-" + index);
    }

    long newJobId() {
        lock.lock();
        try {
            return nextJob++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a job's chunks.
     *
     * @throws RejectedExecutionException if the pool no longer takes work
     */
    void submit(Job job, List<TaskChunk> chunks) {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException("pool " + name + " is " + (state == State.SHUTDOWN
                        ? "closed" : "terminated") + " and takes no more work");
            }
            if (broken != null) {
                job.chunkDone(-1, null, broken.exception(host)); // no worker can start: the job fails at once
                return;
            }
            if (job.timeoutNanos == 0) {
                job.timeoutNanos = taskTimeoutNanos;
            }
            requireTimeoutSupported(job.timeoutNanos);
            jobs.put(job.id, job);
            recentChunkSizes.put(job.id, job.firstTaskOf(1)); // chunks are of one size in a job
            addPending(job, chunks);
            if (job.finished()) {
                retireJobLocked(job);
            }
            dispatchLocked();
            if (job.timeoutNanos > 0) {
                wakeResultLoop(); // it looks at the board often from now on
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds chunks to a job already submitted (imap's lazy feeding). */
    void submitMore(Job job, List<TaskChunk> chunks) {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                throw new RejectedExecutionException("pool " + name + " is terminated");
            }
            if (broken != null) {
                return; // the job was failed already
            }
            addPending(job, chunks);
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a job's chunks, each with the job's time limit. */
    private void addPending(Job job, List<TaskChunk> chunks) {
        for (TaskChunk c : chunks) {
            pending.add(job.timeoutNanos > 0 ? c.withTimeout(job.timeoutNanos) : c);
        }
    }

    /** Time limits need the board: a pool whose workers may be on other machines has none. */
    private void requireTimeoutSupported(long timeoutNanos) {
        if (timeoutNanos > 0 && board == null) {
            throw new UnsupportedOperationException("pool " + name + ": task time limits need workers on this"
                    + " machine (they are found past their deadline in shared memory); this pool's context runs them"
                    + " elsewhere, so give the tasks a deadline of their own, or use a local pool");
        }
    }

    /** A job whose chunks were not all known at submission tells when it is complete. */
    void jobMaybeFinished(Job job) {
        lock.lock();
        try {
            if (job.finished()) {
                retireJobLocked(job);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean canTake(WorkerSlot s) {
        return s.kill == null && s.worker.isAlive() && !s.retiring && (maxTasksPerChild == 0 || s.assigned < maxTasksPerChild);
    }

    /**
     * Sends pending chunks to the workers that can take one, one chunk per worker in turn, so that
     * a few big chunks spread over the workers.
     */
    private void dispatchLocked() {
        if (state == State.TERMINATED) {
            return;
        }
        boolean sent = true;
        while (sent && !pending.isEmpty()) {
            sent = false;
            for (WorkerSlot s : slots) {
                if (!pending.isEmpty() && canTake(s) && s.held.size() < prefetch
                        && (s.held.size() < 2 || s.heldBytes() < PREFETCH_BYTES)
                        && (s.held.isEmpty() || claims == null || !freeClaims.isEmpty())) {
                    if (!send(s, pending.poll())) {
                        return;
                    }
                    sent = true;
                }
            }
        }
        if (pending.isEmpty()) {
            stealForIdleWorkers();
        }
    }

    /** Sends a chunk to a worker, with a claim word if one is free. Returns false if interrupted. */
    private boolean send(WorkerSlot s, TaskChunk chunk) {
        Integer claim = freeClaims.poll();
        TaskChunk c = chunk.withClaim(claim == null ? -1 : claim);
        if (claim != null) {
            claims.reset(claim);
        }
        int bytes;
        try {
            WireMessage message = PoolWire.encode(c, codec);
            bytes = (int) Math.min(Integer.MAX_VALUE, message.size());
            PoolWire.send(s.inbox, message);
        } catch (InterruptedException e) {
            freeClaim(c.claim());
            pending.addFirst(chunk);
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalArgumentException e) {
            // an argument could not be serialized: that chunk fails, the pool goes on
            freeClaim(c.claim());
            fail(c, new IllegalArgumentException("cannot send the task's arguments to a worker: "
                    + e.getMessage(), e));
            return true;
        } catch (RuntimeException e) {
            freeClaim(c.claim());
            fail(c, publicView(e)); // shared memory ran out, say: that chunk fails, the pool goes on
            return true;
        }
        s.held.put(ChunkKey.of(c), c);
        s.sentBytes.put(ChunkKey.of(c), bytes);
        s.assigned++;
        return true;
    }

    /** Moves prefetched chunks that have not started to workers that have nothing to do. */
    private void stealForIdleWorkers() {
        for (WorkerSlot idle : slots) {
            if (!idle.held.isEmpty() || !canTake(idle)) {
                continue;
            }
            for (WorkerSlot busy : slots) {
                if (busy == idle || busy.held.size() < 2) {
                    continue;
                }
                TaskChunk last = null;
                for (TaskChunk c : busy.held.values()) {
                    last = c;
                }
                if (last != null && last.claim() >= 0 && claims.revoke(last.claim())) {
                    busy.held.remove(ChunkKey.of(last));
                    busy.revoked.add(last.claim());
                    busy.assigned--;
                    send(idle, last);
                    break;
                }
            }
        }
    }

    private void freeClaim(int claim) {
        if (claim >= 0) {
            freeClaims.add(claim);
        }
    }

    /** {@code e}, or an {@link IllegalStateException} saying the same if its type is internal (no internal type reaches a caller). */
    static RuntimeException publicView(RuntimeException e) {
        if (!RemoteFailure.isInternal(e)) {
            return e;
        }
        IllegalStateException view = new IllegalStateException("cannot send a task chunk to a worker: " + e.getMessage());
        view.setStackTrace(e.getStackTrace());
        return view;
    }

    private void fail(TaskChunk c, Throwable t) {
        Job job = jobs.get(c.jobId());
        if (job != null) {
            job.chunkDone(c.index(), null, t);
            if (job.finished()) {
                retireJobLocked(job);
            }
        }
    }

    private void resultLoop() {
        boolean timed = false; // whether a task with a time limit is held: then look every DEADLINE_TICK_MILLIS
        int failedReceives = 0; // in a row
        int failedTurns = 0;    // in a row
        while (true) {
            RuntimeException giveUp = null;
            WireMessage message = null; // null: a tick, to check the workers
            try {
                // No spinning: the workers this thread waits for need the cores more than it does.
                message = receive(TimeUnit.MILLISECONDS.toNanos(timed ? DEADLINE_TICK_MILLIS : TICK_MILLIS));
                failedReceives = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A result that cannot be taken here: its chunk is failed when its worker is
                // checked. A result queue that keeps failing (its cluster client shut down, say)
                // is gone: the pool fails its work with the cause rather than retrying forever.
                if (++failedReceives >= MAX_FAILED_RECEIVES) {
                    terminate(new IllegalStateException("pool " + name + " cannot take results any more: its result"
                            + " queue failed " + failedReceives + " times in a row, last with " + e, e));
                    return;
                }
                try {
                    Thread.sleep(TICK_MILLIS); // a backoff, not to spin on a failing queue
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
            lock.lock();
            try {
                if (message != null && !PoolWire.isControl(message)) {
                    accept(PoolWire.decodeResult(message));
                    drainResultsLocked(); // the results that came meanwhile, in the same turn
                }
                checkDeadlinesLocked();
                checkWorkersLocked();
                dispatchLocked();
                if (state != State.RUNNING && jobs.isEmpty()) {
                    stopWorkersLocked();
                    changed.signalAll();
                    return;
                }
                timed = timedWorkHeldLocked();
                failedTurns = 0;
                changed.signalAll();
            } catch (InterruptedException e) {
                return; // terminated while reading a dead worker's stderr
            } catch (Throwable t) {
                if (ExitSequence.exiting()) {
                    return; // the JVM ends and this pool with it; its loader may be closed already
                }
                // The result thread must survive anything: if it died, every job would hang. What
                // fails turn after turn (the cluster client shut down, say) ends the pool's work instead.
                if (++failedTurns >= MAX_FAILED_RECEIVES) {
                    giveUp = new IllegalStateException("pool " + name + " cannot go on: its result thread failed "
                            + failedTurns + " turns in a row, last with " + t, t);
                } else {
                    System.err.println(name + ": result thread error (continuing): " + t);
                }
            } finally {
                lock.unlock();
            }
            if (giveUp != null) {
                terminate(giveUp);
                return;
            }
        }
    }

    private void accept(ChunkResult r) {
        WorkerSlot s = slots[r.slot()];
        if (r.isExit()) {
            exits.add(new WorkerExit(s.worker.pid(), r.failure() == null ? Packing.unpackArray(r.values())[0] : null,
                    r.failure() == null ? null : r.failure().toThrowable()));
            return;
        }
        if (r.isReady() && s.startupNanos < 0) {
            s.startupNanos = System.nanoTime() - s.launchedNanos;
            WorkerStartedEvent e = FlightEvents.on() ? new WorkerStartedEvent() : null;
            if (e != null && e.shouldCommit()) {
                e.pool = name;
                e.slot = s.index;
                e.pid = s.worker.pid();
                e.startup = s.startupNanos;
                e.commit();
            }
        }
        s.reported = true;
        startFailures = 0;
        s.startFailures = 0;
        if (r.dying()) {
            s.deathCause = r.failure().toThrowable(); // its chunk fails when the worker is found dead
            return;
        }
        if (r.skipped()) {
            if (s.revoked.remove(r.claim())) {
                freeClaim(r.claim()); // the worker saw the revocation: the word is free again
            }
            return;
        }
        if (s.kill instanceof WorkerSlot.TimedOut t && t.running().jobId() == r.jobId()
                && t.running().chunkIndex() == r.index()) {
            return; // it timed out: what the killed worker still sent (an interrupted thread's failure) does not count
        }
        TaskChunk c = s.held.remove(new ChunkKey(r.jobId(), r.index()));
        if (c == null) {
            return; // already failed as lost (and the slot may hold a new worker since)
        }
        if (!runs.isEmpty()) {
            runs.remove(ChunkKey.of(c));
        }
        freeClaim(c.claim());
        if (r.retiring()) {
            s.retiring = true;
        }
        Map<Integer, Throwable> overlay = overlays.isEmpty() ? null : overlays.remove(ChunkKey.of(c));
        if (!deaths.isEmpty()) {
            deaths.keySet().removeIf(k -> k.chunk().equals(ChunkKey.of(c)));
        }
        Job job = jobs.get(r.jobId());
        if (job == null) {
            return;
        }
        if (r.failure() != null) {
            failed += taskCount(c);
            job.chunkDone(r.index(), null, r.failure().toThrowable());
        } else if (overlay != null || r.partial()) {
            List<Object> values = new ArrayList<>(Packing.unpack(r.values()));
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof TaskFailure f) {
                    values.set(i, new Job.TaskFailed(f.failure().toThrowable()));
                    failed++;
                }
            }
            if (overlay != null) { // failures the pool decided for positions the worker skipped
                overlay.forEach((position, failure) -> values.set(position, new Job.TaskFailed(failure)));
            }
            countDone(s, job, values.size() - (overlay == null ? 0 : overlay.size()));
            job.chunkPartlyDone(r.index(), values);
        } else {
            List<Object> values = Packing.unpack(r.values());
            countDone(s, job, values.size());
            job.chunkDone(r.index(), values, null);
        }
        if (job.finished()) {
            retireJobLocked(job);
        }
    }

    /** Counts {@code tasks} results of the worker of {@code s}, for {@code job}. */
    private void countDone(WorkerSlot s, Job job, int tasks) {
        completed += tasks;
        s.tasksDone += tasks;
        job.tasksDone += tasks;
        job.chunksDone++;
    }

    /** {@code job} is done (or cancelled): it leaves the engine, and its flight-recorder event is committed. */
    private void retireJobLocked(Job job) {
        jobs.remove(job.id);
        JobEvent e = job.event;
        if (e == null) {
            return;
        }
        e.end();
        if (e.shouldCommit()) {
            e.pool = name;
            e.jobId = job.id;
            e.tasks = job.tasksDone;
            e.chunks = job.chunksDone;
            e.commit();
        }
    }

    private void checkWorkersLocked() throws InterruptedException {
        if (state == State.TERMINATED) {
            return;
        }
        for (WorkerSlot s : slots) {
            // a killed worker thread (threads context) may not end: it is given up at once
            if (s.worker.isAlive() && (s.kill == null || host.local())) {
                continue;
            }
            if (!s.held.isEmpty() || !s.reported) {
                // It exited: every result it put is in the queue now. Take them before judging it.
                drainResultsLocked();
            }
            // the task it ran when it died, if the board says (a worker runs one chunk at a time)
            WorkerBoard.Running running = board == null || !s.reported ? null : board.read(s.index, true);
            List<TaskChunk> unstarted = new ArrayList<>();
            List<TaskChunk> started = new ArrayList<>();
            for (TaskChunk c : s.held.values()) {
                // a worker that never said it runs its loop started none (its results are drained)
                boolean notStarted = c.claim() >= 0 ? claims.revoke(c.claim()) || !s.reported
                        : !s.reported || board != null && (running == null || !running.runs(c));
                (notStarted ? unstarted : started).add(c);
                freeClaim(c.claim());
            }
            s.held.clear();
            boolean needed = state == State.RUNNING || !pending.isEmpty() || !jobs.isEmpty();
            if (!s.reported && needed && broken == null && startFailed(s)) {
                unstarted.forEach(pending::addFirst); // they fail with the pool's work
                breakLocked();
                return;
            }
            List<TaskChunk> lost = new ArrayList<>();
            boolean exhausted = false;
            for (TaskChunk c : unstarted) {
                if (runs.merge(ChunkKey.of(c), 1, Integer::sum) < MAX_RUNS) {
                    pending.addFirst(c); // it never started: it runs elsewhere
                } else {
                    runs.remove(ChunkKey.of(c));
                    lost.add(c); // 3 workers died holding it (decoding it, say): no more
                    exhausted = true;
                }
            }
            for (TaskChunk c : started) {
                if (running != null && running.runs(c)) {
                    settleRunningLocked(s, c, running); // the task it ran is charged; the others run again
                } else if (retryLost && runs.merge(ChunkKey.of(c), 1, Integer::sum) < MAX_RUNS) {
                    pending.addFirst(c); // it may have run: it runs again elsewhere
                } else {
                    runs.remove(ChunkKey.of(c));
                    lost.add(c);
                }
            }
            int lostTasks = 0;
            if (!lost.isEmpty()) {
                int exit = s.worker.exitCode();
                String message = "pool worker pid=" + s.worker.pid() + " died with exit code=" + exit + " while running "
                        + lost.size() + " task(s)" + deathReason(s, exit)
                        + (exhausted ? "; a chunk of them was held by " + MAX_RUNS + " workers that died, so it is"
                                + " not sent again" : "");
                Loss loss = new Loss(message, s.worker.pid(), exit, s.deathCause);
                for (TaskChunk c : lost) {
                    int n = taskCount(c);
                    lostTasks += n;
                    fail(c, loss.exception(host)); // its own for each caller (see Loss)
                }
                this.lost += lostTasks;
                failed += lostTasks;
            }
            recordExit(s, lostTasks, started.size() + unstarted.size());
            if ((needed || !pending.isEmpty()) && broken == null) {
                startWorker(s);
            }
        }
    }

    /** Records the exit of the worker of {@code s}, found gone holding {@code held} chunks, with {@code lostTasks} tasks failed. */
    private void recordExit(WorkerSlot s, int lostTasks, int held) {
        if (!FlightEvents.on()) {
            return;
        }
        WorkerExitedEvent e = new WorkerExitedEvent();
        if (!e.shouldCommit()) {
            return;
        }
        int exit = s.worker.exitCode();
        e.pool = name;
        e.slot = s.index;
        e.pid = s.worker.pid();
        e.exitCode = exit;
        e.lostTasks = lostTasks;
        e.reason = switch (s.kill) {
            case WorkerSlot.TimedOut t -> "killed: task " + t.running().position() + " of chunk " + t.running().chunkIndex()
                    + " of job " + t.running().jobId() + " ran past its deadline";
            case WorkerSlot.Cancelled c -> "killed: a task of job " + c.jobId() + " was cancelled";
            case null -> state == State.TERMINATED ? "killed: the pool was terminated" : s.retiring ? "retired (maxTasksPerChild or maxWorkerMemory)"
                    : held == 0 && exit == 0 ? "exited" : "died" + deathReason(s, exit);
        };
        e.commit();
    }

    /**
     * Decides the fate of the chunk a worker ran when it was lost, by the task it ran
     * ({@code running}, from the board). That task:
     * <ul>
     *   <li>if it ran past its deadline (the pool killed the worker for it): fails with the
     *       context's timeout exception;
     *   <li>if its job was cancelled: nothing (the job is gone);
     *   <li>else it is charged with the death ({@link #deaths}): it runs again up to
     *       {@link #retries} times, then fails with a {@code WorkerLostException}.
     * </ul>
     * The chunk's other tasks did not fail: the chunk is sent again without the failed positions
     * ({@link TaskChunk#skip}), whose failures wait in {@link #overlays}; a chunk whose every
     * position failed is done at once. So a chunk is sent again at most (tasks in it) x
     * (retries + 1) times: a task that kills every worker cannot keep the pool busy for ever.
     */
    private void settleRunningLocked(WorkerSlot s, TaskChunk c, WorkerBoard.Running running) {
        Job job = jobs.get(c.jobId());
        if (job == null) {
            return; // cancelled, or failed as a whole meanwhile
        }
        ChunkKey key = ChunkKey.of(c);
        int position = running.position();
        long task = job.firstTaskOf(c.index()) + position;
        Throwable failure = null;
        if (s.kill instanceof WorkerSlot.TimedOut t) {
            failure = host.taskTimedOut(task, t.timeoutNanos(), s.worker.pid());
            timedOut++;
            failed++;
        } else if (!(s.kill instanceof WorkerSlot.Cancelled)) {
            int charged = deaths.merge(new TaskKey(key, position), 1, Integer::sum);
            if (charged <= retries) {
                retried++;
            } else {
                lost++;
                failed++;
                int exit = s.worker.exitCode();
                failure = host.workerLost("pool worker pid=" + s.worker.pid() + " died with exit code=" + exit
                        + " while running task " + task + deathReason(s, exit)
                        + (retries > 0 ? "; the task ran " + charged + " times (retries=" + retries + "), each time in a"
                                + " worker that died, so it is not run again" : ""), s.worker.pid(), exit, s.deathCause);
                deaths.remove(new TaskKey(key, position));
            }
        }
        Map<Integer, Throwable> overlay = overlays.get(key);
        if (failure != null) {
            if (overlay == null) {
                overlay = new HashMap<>();
                overlays.put(key, overlay);
            }
            overlay.put(position, failure);
        }
        if (overlay != null && overlay.size() >= taskCount(c)) {
            overlays.remove(key); // nothing left to run: the chunk is done with its failures
            List<Object> values = new ArrayList<>(overlay.size());
            for (int i = 0; i < overlay.size(); i++) {
                values.add(new Job.TaskFailed(overlay.get(i)));
            }
            job.chunkPartlyDone(c.index(), values);
            if (job.finished()) {
                retireJobLocked(job);
            }
            return;
        }
        int[] skip = overlay == null ? new int[0] : overlay.keySet().stream().mapToInt(Integer::intValue).toArray();
        pending.addFirst(c.withClaim(-1).withSkip(skip));
    }

    /** The number of tasks in {@code c}. */
    private static int taskCount(TaskChunk c) {
        return switch (c.args()) {
            case null -> 1; // a call
            case Packing.Pairs p -> Packing.unpackArray(p.firsts()).length;
            case Object a -> Packing.unpackArray(a).length;
        };
    }

    /** A task's identity: its chunk and its position in it. */
    private record TaskKey(ChunkKey chunk, int position) {}

    /** The longest wait of the result thread while a task with a time limit runs (see {@link #checkDeadlinesLocked}). */
    static final long DEADLINE_TICK_MILLIS = 10;
    /** How long the result thread waits for a worker it killed to end, so that its loss is settled in the same turn. */
    static final long KILL_WAIT_MILLIS = 200;

    /**
     * Kills each worker whose task ran past its deadline (read from the board), so that the task
     * fails and the worker's other chunks run elsewhere ({@link #settleRunningLocked}). Checked
     * at least every {@link #DEADLINE_TICK_MILLIS} ms while such a task is held.
     */
    private void checkDeadlinesLocked() throws InterruptedException {
        if (board == null || state == State.TERMINATED) {
            return;
        }
        long now = System.nanoTime();
        for (WorkerSlot s : slots) {
            if (s.kill != null || s.held.isEmpty() || !s.reported) {
                continue;
            }
            WorkerBoard.Running r = board.read(s.index, false);
            if (r == null || r.startNanos() == 0) {
                continue;
            }
            TaskChunk c = s.held.get(new ChunkKey(r.jobId(), r.chunkIndex()));
            if (c == null || c.timeoutNanos() <= 0 || now - r.startNanos() < c.timeoutNanos()) {
                continue;
            }
            killLocked(s, new WorkerSlot.TimedOut(r, c.timeoutNanos()));
        }
    }

    /** Kills the worker of {@code s} for {@code why}, waiting a little for a process to end. */
    private void killLocked(WorkerSlot s, WorkerSlot.Kill why) throws InterruptedException {
        s.kill = why;
        s.worker.kill();
        if (host.local()) {
            s.worker.join(KILL_WAIT_MILLIS); // dead now, as a rule: its loss is settled in this turn
        }
    }

    /** Whether a chunk with a time limit is held by a worker or waits for one: the result thread then looks often. */
    private boolean timedWorkHeldLocked() {
        if (board == null) {
            return false;
        }
        for (WorkerSlot s : slots) {
            for (TaskChunk c : s.held.values()) {
                if (c.timeoutNanos() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Cancels a job: its chunks not started are dropped, and with {@code interrupt} each worker
     * running one of its tasks is killed (and replaced; its other chunks run elsewhere). A pool
     * whose workers are not on this machine cannot tell which worker runs a task: there, running
     * tasks finish and their results are dropped.
     *
     * @param job the job
     * @param interrupt whether a running task of it is stopped
     * @return false if the job was done (or cancelled) already
     */
    public boolean cancel(Job job, boolean interrupt) {
        lock.lock();
        try {
            if (jobs.get(job.id) != job) {
                return false;
            }
            retireJobLocked(job);
            pending.removeIf(c -> c.jobId() == job.id);
            overlays.keySet().removeIf(k -> k.job() == job.id);
            deaths.keySet().removeIf(k -> k.chunk().job() == job.id);
            for (WorkerSlot s : slots) {
                WorkerBoard.Running running = board == null ? null : board.read(s.index, false);
                for (var it = s.held.values().iterator(); it.hasNext(); ) {
                    TaskChunk c = it.next();
                    if (c.jobId() != job.id) {
                        continue;
                    }
                    if (c.claim() >= 0 && claims.revoke(c.claim())) {
                        it.remove(); // not started: the worker skips it and acknowledges
                        s.revoked.add(c.claim());
                        s.assigned--;
                    } else if (interrupt && s.kill == null && running != null && running.runs(c)) {
                        try {
                            killLocked(s, new WorkerSlot.Cancelled(job.id));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt(); // it dies all the same; its loss is settled later
                        }
                    }
                }
            }
            job.cancelled();
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a worker's exit hook gave back.
     *
     * @param pid the worker's pid
     * @param result the hook's result, or null if it failed
     * @param failure the hook's exception, or null
     */
    public record WorkerExit(long pid, Object result, Throwable failure) {}

    /**
     * What the exit hooks of the workers that exited normally gave back so far, in the order they
     * exited.
     *
     * @return the workers' exit results
     */
    public List<WorkerExit> workerExits() {
        lock.lock();
        try {
            return List.copyOf(exits);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pool's counters and its workers' insights now: the current workers, then the last
     * {@link #HISTORY} that are gone, and the sums over every worker the pool had.
     *
     * @return the pool's insights
     */
    public PoolStats stats() {
        lock.lock();
        try {
            if (released) {
                return finalStats; // the board is gone: what it said last
            }
            return statsLocked();
        } finally {
            lock.unlock();
        }
    }

    private PoolStats statsLocked() {
        List<PoolStats.Worker> workers = new ArrayList<>(pastWorkers);
        List<PoolStats.SlowTask> slowest = new ArrayList<>(pastSlowest);
        PoolStats.Worker total = pastTotal;
        int busy = 0;
        for (WorkerSlot s : slots) {
            PoolStats.Worker w = insightLocked(s, s.worker.isAlive());
            workers.add(w);
            slowest.addAll(w.slowest());
            total = total.plus(w);
            busy += s.held.isEmpty() ? 0 : 1;
        }
        // retried: tasks the pool ran again after a death, and exceptions the workers retried in place
        return new PoolStats(workers, total, busy, pending.size(), completed, failed, lost, retried + total.retried(),
                timedOut, slowestOf(slowest));
    }

    /** The {@link #SLOWEST} slowest of {@code tasks}, slowest first. */
    private static List<PoolStats.SlowTask> slowestOf(List<PoolStats.SlowTask> tasks) {
        return tasks.stream().sorted(java.util.Comparator.comparingLong(PoolStats.SlowTask::nanos).reversed())
                .limit(SLOWEST).toList();
    }

    /**
     * Runs {@code action} once the pool's storage is released (its workers are gone), on the
     * thread that releases it; at once if that happened already.
     */
    public void whenReleased(Runnable action) {
        lock.lock();
        try {
            if (!released) {
                onRelease = action;
                return;
            }
        } finally {
            lock.unlock();
        }
        action.run();
    }

    /** The insights of the worker of {@code s}: the board's, or only the pool's counts without a board. */
    private PoolStats.Worker insightLocked(WorkerSlot s, boolean alive) {
        WorkerBoard.Stats b = board == null ? WorkerBoard.Stats.NONE : board.stats(s.index, !alive);
        List<PoolStats.SlowTask> slowest = new ArrayList<>(b.slowest().size());
        for (WorkerBoard.SlowTask t : b.slowest()) {
            Long chunkSize = recentChunkSizes.get(t.jobId());
            slowest.add(new PoolStats.SlowTask(t.nanos(), t.jobId(),
                    chunkSize == null ? -1 : chunkSize * t.chunkIndex() + t.position(), s.worker.pid()));
        }
        return new PoolStats.Worker(s.index, s.worker.pid(), alive, s.startupNanos,
                board == null ? s.tasksDone : b.tasks(), b.chunks(), b.retried(), b.waitNanos(), b.serialNanos(), b.workNanos(),
                List.copyOf(slowest));
    }

    /** Keeps the insights of the worker of {@code s}, which is gone, before another takes the slot. */
    private void rememberLocked(WorkerSlot s) {
        PoolStats.Worker w = insightLocked(s, false);
        pastWorkers.addLast(w);
        if (pastWorkers.size() > HISTORY) {
            pastWorkers.removeFirst();
        }
        pastTotal = pastTotal.plus(w);
        if (!w.slowest().isEmpty()) {
            List<PoolStats.SlowTask> slowest = new ArrayList<>(pastSlowest);
            slowest.addAll(w.slowest());
            pastSlowest = slowestOf(slowest);
        }
    }

    /**
     * Counts a worker that died before it said it runs its loop; true once that happened
     * {@link #MAX_START_FAILURES} times in a row in the pool (a bad JVM option or class path fails
     * every one alike), or in its slot while other workers ran (an initializer that only one
     * process can pass, say: else that slot would be restarted for ever), after which
     * {@link #broken} says why, with the last one's stderr.
     */
    private boolean startFailed(WorkerSlot s) throws InterruptedException {
        int inPool = ++startFailures;
        int inSlot = ++s.startFailures;
        if (inPool < MAX_START_FAILURES && inSlot < MAX_START_FAILURES) {
            return false;
        }
        int exit = s.worker.exitCode();
        String stderr = s.worker.stderrTail().strip();
        broken = new Loss(name + ": " + Math.max(inPool, inSlot) + " worker processes in a row"
                + (inPool >= MAX_START_FAILURES ? "" : " of worker slot " + s.index) + " exited"
                + " before they ran their loop (the last: pid=" + s.worker.pid() + ", exit code=" + exit
                + deathReason(s, exit) + "), so the pool starts no more and fails its pending and later work;"
                + " check the pool's jvmOptions, the class path and the initializer."
                + (stderr.isEmpty() ? " The worker wrote nothing on stderr." : " The last worker's stderr:\n" + stderr),
                s.worker.pid(), exit, s.deathCause);
        return true;
    }

    /**
     * Why workers were lost, from which each caller gets an exception of its own: the pool gives
     * the exception it throws the caller's stack, so callers must not share one.
     */
    private record Loss(String message, long pid, int exitCode, Throwable cause) {
        RuntimeException exception(PoolHost host) {
            return host.workerLost(message, pid, exitCode, cause);
        }
    }

    /** Fails every job with {@link #broken}: no worker can start. */
    private void breakLocked() {
        pending.clear();
        runs.clear();
        for (Job j : new ArrayList<>(jobs.values())) {
            try {
                j.chunkDone(-1, null, broken.exception(host));
            } catch (RuntimeException ignored) {
                // one job's failure does not keep the others from being told
            }
        }
        jobs.clear();
        changed.signalAll();
    }

    /** Why a worker died, as far as can be known, for a {@code WorkerLostException}'s message; "" if unknown. */
    private String deathReason(WorkerSlot s, int exit) {
        long before = oomKills;
        long now = OomKills.read();
        oomKills = now;
        if (s.deathCause != null) {
            return ": it died of " + s.deathCause;
        }
        if (exit >= 0 || exit == Integer.MIN_VALUE) {
            return "";
        }
        String reason = ": killed by signal " + signalName(-exit);
        if (-exit == 9 && now >= 0 && before >= 0) {
            reason += now > before ? ", sent by the kernel's OOM killer (the cgroup's oom_kill count rose from "
                    + before + " to " + now + "); give the machine or container more memory, or use fewer workers"
                    : " (not from the kernel's OOM killer: the cgroup's oom_kill count did not rise)";
        }
        return reason;
    }

    /** A signal's name, as {@code kill -l} gives it on Linux. */
    static String signalName(int signal) {
        String[] names = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};
        return signal > 0 && signal < names.length ? names[signal] + " (" + signal + ")" : String.valueOf(signal);
    }

    /** Accepts the results in the queue now, without waiting. */
    private void drainResultsLocked() {
        while (!results.isEmpty()) {
            WireMessage m;
            try {
                m = receive(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (m == null) {
                return;
            }
            if (!PoolWire.isControl(m)) {
                accept(PoolWire.decodeResult(m));
            }
        }
    }

    /** The next message of the result queue, waiting at most {@code nanos} without spinning; null if none came. */
    private WireMessage receive(long nanos) throws InterruptedException {
        try {
            return PoolWire.receiveResult(results, nanos, 0);
        } catch (EOFException e) {
            throw new IllegalStateException(e); // queues never report end-of-file
        }
    }

    private void stopWorkersLocked() {
        for (WorkerSlot s : slots) {
            if (s.worker.isAlive()) {
                try {
                    PoolWire.send(s.inbox, PoolWire.CONTROL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Refuses new work; workers exit once the submitted work is done. */
    public void shutdown() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.SHUTDOWN;
                for (Job j : new ArrayList<>(jobs.values())) {
                    j.shutdown();
                    if (j.finished()) {
                        retireJobLocked(j);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        wakeResultLoop();
    }

    /** Makes the result thread look at the state now rather than at its next tick. */
    private void wakeResultLoop() {
        lock.lock();
        try {
            if (!released) {
                PoolWire.send(results, PoolWire.CONTROL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // it will look at its next tick
        } catch (RuntimeException e) {
            // it will look at its next tick
        } finally {
            lock.unlock();
        }
    }

    /** Kills the workers now and fails every pending task. */
    public void terminate() {
        terminate(new RejectedExecutionException("pool " + name + " was terminated"));
    }

    /** Kills the workers now and fails every pending task with {@code why}. */
    private void terminate(RuntimeException why) {
        List<Job> open;
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            pending.clear();
            for (WorkerSlot s : slots) {
                s.held.clear();
                try {
                    s.worker.kill();
                } catch (RuntimeException e) {
                    // its backend is gone (a cluster client shut down): the jobs still fail below
                }
            }
            open = new ArrayList<>(jobs.values());
            jobs.clear();
            RuntimeException e = why;
            for (Job j : open) {
                try {
                    j.chunkDone(-1, null, e);
                } catch (RuntimeException ignored) {
                    // one job's failure does not keep the others from being told
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        resultThread.interrupt();
    }

    /**
     * Waits until the workers exited after {@link #shutdown()} or {@link #terminate()}.
     *
     * @param timeoutMillis the longest wait in milliseconds
     * @return whether the result thread and every worker ended (the queues are then freed)
     * @throws IllegalStateException if the pool is still running
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean join(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            if (state == State.RUNNING) {
                throw new IllegalStateException("pool " + name + " is running: close or terminate it before join");
            }
        } finally {
            lock.unlock();
        }
        long left = deadline - System.nanoTime();
        resultThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        if (resultThread.isAlive()) {
            return false;
        }
        for (WorkerSlot s : slots) {
            left = deadline - System.nanoTime();
            if (!s.worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))) {
                return false;
            }
        }
        lock.lock();
        try {
            if (!released) {
                drainResultsLocked(); // the exit hooks' results, sent as the workers stopped
                for (WorkerSlot s : slots) {
                    recordExit(s, 0, s.held.size());
                }
            }
        } finally {
            lock.unlock();
        }
        releaseStorage();
        return true;
    }

    /**
     * Frees the queues and the claim table once the result thread and every worker are gone, so
     * that a program making many pools does not fill {@code /dev/shm} (each queue holds a chunk
     * of {@link #QUEUE_CHUNK_SIZE}): nothing can touch them any more. Runs once.
     */
    private void releaseStorage() {
        Runnable action;
        lock.lock(); // under the lock: wakeResultLoop puts into the results queue under it too
        try {
            if (released) {
                return;
            }
            finalStats = statsLocked();
            released = true;
            for (WorkerSlot s : slots) {
                destroyQuietly(s.inbox);
            }
            destroyQuietly(results);
            if (board != null) {
                try {
                    board.destroy();
                } catch (RuntimeException e) {
                    // already unmapped, or the file is gone: nothing left to free
                }
            }
            if (claims != null) {
                try {
                    claims.destroy();
                } catch (RuntimeException e) {
                    // already unmapped, or the file is gone: nothing left to free
                }
            }
            action = onRelease;
            onRelease = null;
        } finally {
            lock.unlock();
        }
        if (action != null) {
            action.run();
        }
    }

    /** Frees a queue's storage; a failure leaves it to the exit-time clean-up rather than failing the pool. */
    private static void destroyQuietly(FrameQueue q) {
        try {
            q.destroy();
        } catch (RuntimeException e) {
            System.err.println("pool: cannot free queue storage (it is freed at exit): " + e);
        }
    }

    /**
     * Whether the pool takes work: neither {@link #shutdown()} nor {@link #terminate()} ran.
     *
     * @return whether the pool takes work
     */
    public boolean isRunning() {
        lock.lock();
        try {
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pids of the live workers (for tests and diagnostics).
     *
     * @return the pids of the live workers
     */
    public List<Long> workerPids() {
        lock.lock();
        try {
            List<Long> pids = new ArrayList<>();
            for (WorkerSlot s : slots) {
                if (s.worker.isAlive()) {
                    pids.add(s.worker.pid());
                }
            }
            return pids;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of workers.
     *
     * @return the number of workers
     */
    public int size() {
        return slots.length;
    }

    /** The public exception for the failure of input {@code index} of an unordered imap (see {@link PoolHost#taskFailed}). */
    RuntimeException taskFailed(long index, Throwable cause) {
        return host.taskFailed(index, cause);
    }
}
