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
import org.multiprocessing4j.internal.serial.RemoteFailure;
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
    static final long TICK_MILLIS = 50;

    private enum State { RUNNING, SHUTDOWN, TERMINATED }

    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SerializableRunnable initializer;
    private final int maxTasksPerChild;
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
        this.name = name;
        this.host = host;
        boolean local = host.local();
        this.results = host.newQueue(QUEUE_CHUNK_SIZE);
        this.claims = local ? ClaimTable.create() : null;
        this.retryLost = !local && host.resendsLostWork();
        this.prefetch = local ? DEEP_PREFETCH : PREFETCH;
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
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
        if (slot.inbox != null) {
            destroyQuietly(slot.inbox); // its worker exited: nobody reads it any more
        }
        FrameQueue res = results;
        SerializableRunnable init = initializer;
        int max = maxTasksPerChild;
        int index = slot.index;
        String claimTable = claims == null ? null : claims.name();
        slot.inbox = inbox;
        slot.held.clear();
        slot.revoked.forEach(freeClaims::add); // the old worker is gone: nobody will claim these
        slot.revoked.clear();
        slot.assigned = 0;
        slot.retiring = false;
        slot.reported = false;
        slot.deathCause = null;
        slot.worker = host.startWorker(PoolWorker.task(inbox, res, init, max, index, claimTable),
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
            jobs.put(job.id, job);
            pending.addAll(chunks);
            if (job.finished()) {
                jobs.remove(job.id);
            }
            dispatchLocked();
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
            pending.addAll(chunks);
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** A job whose chunks were not all known at submission tells when it is complete. */
    void jobMaybeFinished(Job job) {
        lock.lock();
        try {
            if (job.finished()) {
                jobs.remove(job.id);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean canTake(WorkerSlot s) {
        return s.worker.isAlive() && !s.retiring && (maxTasksPerChild == 0 || s.assigned < maxTasksPerChild);
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
        try {
            PoolWire.send(s.inbox, PoolWire.encode(c));
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
                jobs.remove(job.id);
            }
        }
    }

    private void resultLoop() {
        while (true) {
            byte[] message = null; // null: a tick, to check the workers
            try {
                // No spinning: the workers this thread waits for need the cores more than it does.
                message = receive(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a result that cannot be taken here; its chunk is failed when its worker is checked
                System.err.println(name + ": cannot decode a worker's result: " + e);
            }
            lock.lock();
            try {
                if (message != null && !PoolWire.isControl(message)) {
                    accept(PoolWire.decodeResult(message));
                    drainResultsLocked(); // the results that came meanwhile, in the same turn
                }
                checkWorkersLocked();
                dispatchLocked();
                if (state != State.RUNNING && jobs.isEmpty()) {
                    stopWorkersLocked();
                    changed.signalAll();
                    return;
                }
                changed.signalAll();
            } catch (InterruptedException e) {
                return; // terminated while reading a dead worker's stderr
            } catch (Throwable t) {
                // The result thread must survive anything: if it died, every job would hang.
                System.err.println(name + ": result thread error (continuing): " + t);
            } finally {
                lock.unlock();
            }
        }
    }

    private void accept(ChunkResult r) {
        WorkerSlot s = slots[r.slot()];
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
        Job job = jobs.get(r.jobId());
        if (job == null) {
            return;
        }
        if (r.failure() != null) {
            job.chunkDone(r.index(), null, r.failure().toThrowable());
        } else if (r.partial()) {
            List<Object> values = new ArrayList<>(Packing.unpack(r.values()));
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof TaskFailure f) {
                    values.set(i, new Job.TaskFailed(f.failure().toThrowable()));
                }
            }
            job.chunkPartlyDone(r.index(), values);
        } else {
            job.chunkDone(r.index(), Packing.unpack(r.values()), null);
        }
        if (job.finished()) {
            jobs.remove(job.id);
        }
    }

    private void checkWorkersLocked() throws InterruptedException {
        if (state == State.TERMINATED) {
            return;
        }
        for (WorkerSlot s : slots) {
            if (s.worker.isAlive()) {
                continue;
            }
            if (!s.held.isEmpty() || !s.reported) {
                // It exited: every result it put is in the queue now. Take them before judging it.
                drainResultsLocked();
            }
            List<TaskChunk> unstarted = new ArrayList<>();
            List<TaskChunk> started = new ArrayList<>();
            for (TaskChunk c : s.held.values()) {
                // a worker that never said it runs its loop started none (its results are drained)
                (c.claim() >= 0 && claims.revoke(c.claim()) || !s.reported ? unstarted : started).add(c);
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
                if (retryLost && runs.merge(ChunkKey.of(c), 1, Integer::sum) < MAX_RUNS) {
                    pending.addFirst(c); // it may have run: it runs again elsewhere
                } else {
                    runs.remove(ChunkKey.of(c));
                    lost.add(c);
                }
            }
            if (!lost.isEmpty()) {
                int exit = s.worker.exitCode();
                String message = "pool worker pid=" + s.worker.pid() + " died with exit code=" + exit + " while running "
                        + lost.size() + " task(s)" + deathReason(s, exit)
                        + (exhausted ? "; a chunk of them was held by " + MAX_RUNS + " workers that died, so it is"
                                + " not sent again" : "");
                Loss loss = new Loss(message, s.worker.pid(), exit, s.deathCause);
                for (TaskChunk c : lost) {
                    fail(c, loss.exception(host)); // its own for each caller (see Loss)
                }
            }
            if ((needed || !pending.isEmpty()) && broken == null) {
                startWorker(s);
            }
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
            byte[] m;
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
    private byte[] receive(long nanos) throws InterruptedException {
        try {
            return results.receive(nanos, false, 0);
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
                        jobs.remove(j.id);
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
                s.worker.kill();
            }
            open = new ArrayList<>(jobs.values());
            jobs.clear();
            RejectedExecutionException e = new RejectedExecutionException("pool " + name + " was terminated");
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
        releaseStorage();
        return true;
    }

    /**
     * Frees the queues and the claim table once the result thread and every worker are gone, so
     * that a program making many pools does not fill {@code /dev/shm} (each queue holds a chunk
     * of {@link #QUEUE_CHUNK_SIZE}): nothing can touch them any more. Runs once.
     */
    private void releaseStorage() {
        lock.lock(); // under the lock: wakeResultLoop puts into the results queue under it too
        try {
            if (released) {
                return;
            }
            released = true;
            for (WorkerSlot s : slots) {
                destroyQuietly(s.inbox);
            }
            destroyQuietly(results);
            if (claims != null) {
                try {
                    claims.destroy();
                } catch (RuntimeException e) {
                    // already unmapped, or the file is gone: nothing left to free
                }
            }
        } finally {
            lock.unlock();
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
