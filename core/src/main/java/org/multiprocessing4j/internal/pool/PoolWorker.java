package org.multiprocessing4j.internal.pool;

import java.io.EOFException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.multiprocessing4j.Tuple2;
import org.multiprocessing4j.Tuple3;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.function.SerializableTriFunction;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.events.ChunkEvent;
import org.multiprocessing4j.internal.events.FlightEvents;
import org.multiprocessing4j.internal.events.TaskEvent;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.IdleTrim;
import org.multiprocessing4j.internal.runtime.ResidentMemory;
import org.multiprocessing4j.internal.serial.RemoteFailure;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.internal.sync.WaitPolicy;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * The loop a pool worker runs, in a child process (or a thread, for a {@code ThreadPool}): run the
 * initializer, then take chunks from its own inbox, run them, and put each chunk's result on the
 * pool's result queue, until it gets the stop marker ({@link PoolWire#CONTROL}) or has run
 * {@code maxTasks} chunks. Its queues are the pool's frame queues ({@link FrameQueue}, a
 * {@link Channel} locally) carrying {@link PoolWire} messages as they are, not public
 * {@code Queue}s.
 *
 * <p>An exception from a task fails that task only: its position in the chunk's values holds a
 * {@link TaskFailure}, the chunk's other tasks still run, and the worker goes on. A chunk whose
 * arguments or function cannot be decoded here, or whose results cannot be serialized, fails as a
 * whole. A worker that dies of an {@code OutOfMemoryError} says so first (best effort).
 */
public final class PoolWorker {
    /** The chunk size of {@link #train()}'s queues. */
    private static final int TRAINING_CHUNK_SIZE = 4096;
    /** How long {@link #train()} waits for its worker thread's results and exit. */
    private static final Duration TRAINING_LIMIT = Duration.ofSeconds(60);
    /** Decoded functions kept per worker, by job id. */
    private static final int FUNCTION_CACHE = 16;

    private PoolWorker() {}

    /**
     * The task a worker process runs: {@link #run} on these arguments. It is a lambda of this
     * class, so that a fresh worker JVM deserializing it loads only the worker's classes, not the
     * pool's.
     *
     * @param inbox the worker's own queue, from which it takes chunks
     * @param results the pool's result queue
     * @param options the pool's per-worker options
     * @param slot the worker's slot in the pool, sent with each result
     * @param claimTable the name of the pool's {@link ClaimTable}, or null when chunks have no claim words
     * @param board the name of the pool's {@link WorkerBoard}, or null when it has none
     * @return the worker's task
     */
    public static SerializableRunnable task(FrameQueue inbox, FrameQueue results, WorkerOptions options, int slot,
            String claimTable, String board) {
        QueueRef in = new QueueRef(inbox);
        QueueRef out = new QueueRef(results);
        return () -> {
            CurrentProcess.exitWhenTargetReturns(); // a worker told to stop exits at once
            run(in.get(), out.get(), options, slot, claimTable, board);
        };
    }

    /**
     * The state object of the pool worker this code runs in (see {@code Pool.workerState()}).
     *
     * @return the worker's state
     * @throws IllegalStateException if this is not a pool worker's task, or its pool has no worker state
     */
    public static Object state() {
        if (!STATE.isBound()) {
            throw new IllegalStateException("Pool.workerState() is called outside a pool worker's task, or in a"
                    + " worker of a pool built without Pool.builder().workerState(...)");
        }
        return STATE.get();
    }

    /** The worker's state while its loop runs (bound only in pools with worker state). */
    private static final ScopedValue<Object> STATE = ScopedValue.newInstance();

    /**
     * A pool worker's path, run in this JVM: for the AOT training (see {@code AotCache}) and a
     * spare JVM's warm-up (see {@code SpareJvms}). A worker's task made as the pool makes it is
     * sent through a serialization round trip as to a child JVM, run on a thread of this JVM on a
     * call, a map, a starmap and a failing chunk, then stopped. So the AOT cache holds the classes
     * a fresh worker JVM would otherwise load from the JARs before its first result, and a spare
     * has loaded them, spun their method handles and linked the futex call already.
     *
     * @return the number of chunks that came back as expected (4)
     * @throws Exception if the workload fails
     */
    public static int train() throws Exception {
        // the smallest chunks: some 80 KB, freed once the worker thread is gone
        Channel inbox = Channel.create(TRAINING_CHUNK_SIZE);
        Channel results = Channel.create(TRAINING_CHUNK_SIZE);
        ClaimTable claims = ClaimTable.create();
        SerializableRunnable copy = (SerializableRunnable) Serialization.fromFrame(
                Serialization.toFrame(task(inbox, results, WorkerOptions.NONE.with(() -> { }, 0), 0, claims.name(), null)));
        Thread worker = Thread.ofPlatform().name("mp4j-training-worker").daemon(true).start(() -> {
            try {
                copy.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] call = Serialization.toFrame((SerializableCallable<Object>) () -> null);
        byte[] square = Serialization.toFrame((SerializableFunction<Integer, Integer>) x -> x * x);
        byte[] add = Serialization.toFrame((SerializableBiFunction<Integer, Integer, Integer>) Integer::sum);
        byte[] fail = Serialization.toFrame((SerializableCallable<Object>) () -> {
            throw new IllegalStateException("a failing task of the AOT training");
        });
        TaskChunk[] chunks = {
            new TaskChunk(0, 0, TaskChunk.Mode.CALL, call, null),
            new TaskChunk(1, 0, TaskChunk.Mode.MAP, square, Packing.pack(new Object[] {1, 2, 3})),
            new TaskChunk(2, 0, TaskChunk.Mode.STAR2, add, Packing.pack(new Object[] {new Tuple2<>(1, 2)})),
            new TaskChunk(3, 0, TaskChunk.Mode.CALL, fail, null),
        };
        for (int i = 0; i < chunks.length; i++) {
            claims.reset(i);
            PoolWire.send(inbox, PoolWire.encode(chunks[i].withClaim(i)));
        }
        int expected = 0;
        for (int i = 0; i < chunks.length; i++) {
            WireMessage m = PoolWire.receiveResult(results, TRAINING_LIMIT.toNanos(), WaitPolicy.SPIN_NANOS);
            if (m == null) {
                throw new IllegalStateException("the training's pool worker gave no result within " + TRAINING_LIMIT);
            }
            ChunkResult r = PoolWire.decodeResult(m);
            if (r.isReady()) {
                i--;
                continue;
            }
            boolean ok = r.jobId() == 3 ? r.failure() != null && r.failure().toThrowable() instanceof IllegalStateException
                    : r.failure() == null && Packing.unpackArray(r.values()).length > 0;
            expected += ok ? 1 : 0;
        }
        PoolWire.send(inbox, PoolWire.CONTROL);
        if (worker.join(TRAINING_LIMIT)) { // the worker thread, which mapped them too, is gone
            claims.destroy();
            inbox.destroy();
            results.destroy();
        }
        return expected;
    }

    /**
     * The worker's main loop; returns when stopped or retired.
     *
     * @param inbox the worker's own queue, from which it takes chunks
     * @param results the pool's result queue
     * @param options the pool's per-worker options
     * @param slot the worker's slot in the pool, sent with each result
     * @param claimTable the name of the pool's {@link ClaimTable}, or null when chunks have no claim words
     * @param boardName the name of the pool's {@link WorkerBoard}, or null when it has none
     * @throws Exception what the initializer or the state's supplier threw
     */
    public static void run(FrameQueue inbox, FrameQueue results, WorkerOptions options, int slot,
            String claimTable, String boardName) throws Exception {
        ClaimTable claims = claimTable == null ? null : ClaimTable.attach(claimTable);
        WorkerBoard board = boardName == null ? null : WorkerBoard.attach(boardName);
        if (options.initializer() != null) {
            options.initializer().run();
        }
        if (options.state() == null) {
            loop(inbox, results, options, slot, claims, board, null);
            return;
        }
        Object state = options.state().get();
        ScopedValue.where(STATE, state).call(() -> {
            loop(inbox, results, options, slot, claims, board, state);
            return null;
        });
    }

    /**
     * The pool's plug-in codec, or null: Java serialization, also where this JVM lacks the codec
     * (its results then travel by Java serialization, which the pool reads as well, and a chunk
     * made with the codec fails decoding with a message naming the missing codec).
     */
    private static org.multiprocessing4j.spi.ObjectCodec codecOf(WorkerOptions options) {
        try {
            return options.codec();
        } catch (IllegalArgumentException | LinkageError missing) {
            return null;
        }
    }

    private static void loop(FrameQueue inbox, FrameQueue results, WorkerOptions options, int slot,
            ClaimTable claims, WorkerBoard board, Object state) throws Exception {
        PoolWire.send(results, PoolWire.encode(ChunkResult.ready(slot))); // it started: a death from now on is not a failed start
        Map<Long, Object> functions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
                return size() > FUNCTION_CACHE;
            }
        };
        int maxTasks = options.maxTasks();
        long maxMemory = options.maxMemory();
        org.multiprocessing4j.spi.ObjectCodec codec = codecOf(options);
        int generation = board == null ? 0 : board.generation(slot);
        int done = 0;
        boolean trims = IdleTrim.enabled();
        WorkerStats stats = new WorkerStats();
        long waitFrom = System.nanoTime();
        while (true) {
            if (board != null && board.generation(slot) != generation) {
                return; // given up by the pool (a worker thread that ran past its deadline): another took its slot
            }
            WireMessage bytes = take(inbox, trims ? IdleTrim.IDLE.toNanos() : Long.MAX_VALUE);
            if (bytes == null) { // idle: give a grown heap back, then wait on
                IdleTrim.trim();
                bytes = take(inbox, IdleTrim.LATER.toNanos());
                if (bytes == null) { // idle for longer: what the JVM freed since goes back too
                    IdleTrim.trimLater();
                    bytes = take(inbox, Long.MAX_VALUE);
                }
            }
            long taken = System.nanoTime();
            stats.waitNanos += taken - waitFrom;
            waitFrom = taken;
            if (PoolWire.isControl(bytes)) {
                if (board == null || board.generation(slot) == generation) {
                    sayGoodbye(results, options, slot, state);
                }
                return; // the stop marker (or, for a worker given up, the end of its old inbox)
            }
            TaskChunk chunk;
            RemoteFailure undecodable = null;
            try {
                chunk = PoolWire.decodeChunk(bytes);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                    throw vme;
                }
                // a class refused here or missing, a readObject that throws: that chunk fails, the
                // worker goes on (it used to die, and the pool sent the chunk to the next one)
                chunk = PoolWire.decodeHeader(bytes);
                undecodable = RemoteFailure.of(new IllegalArgumentException("pool worker pid="
                        + ProcessHandle.current().pid() + " cannot decode the task's arguments: "
                        + (t.getMessage() != null ? t.getMessage() : t.toString()), publicCause(t)));
            }
            if (chunk.claim() >= 0 && !claims.start(chunk.claim())) {
                // the pool gave this chunk to an idle worker before it started here: say so, so
                // that the pool can reuse its claim word
                PoolWire.send(results, PoolWire.encode(ChunkResult.skipped(chunk.jobId(), chunk.index(), slot, chunk.claim())));
                continue;
            }
            ChunkRun run = new ChunkRun(board, slot, chunk, options, stats);
            if (board != null) {
                board.chunkStarted(slot, chunk.jobId(), chunk.index(), chunk.timeoutNanos() > 0);
            }
            ChunkResult result;
            long decoded = 0; // when its function was decoded
            long ran = 0;     // when its tasks ended
            try {
                if (undecodable != null) {
                    result = new ChunkResult(chunk.jobId(), chunk.index(), null, undecodable, slot, false);
                } else {
                    Object fn = functions.get(chunk.jobId());
                    if (fn == null) {
                        fn = Serialization.fromFrame(chunk.function());
                        functions.put(chunk.jobId(), fn);
                    }
                    decoded = System.nanoTime();
                    stats.serialNanos += decoded - taken;
                    ChunkEvent event = FlightEvents.on() ? new ChunkEvent() : null;
                    if (event != null) {
                        event.begin();
                    }
                    Object[] out = execute(chunk, fn, run);
                    ran = run.end();
                    if (event != null && event.shouldCommit()) {
                        event.jobId = chunk.jobId();
                        event.chunkIndex = chunk.index();
                        event.tasks = run.tasks;
                        event.slot = slot;
                        event.failed = run.partial;
                        event.commit();
                    }
                    result = new ChunkResult(chunk.jobId(), chunk.index(), Packing.pack(out), null, slot, false);
                }
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                    reportDying(results, chunk, slot, vme);
                    throw vme; // OutOfMemoryError and the like: the worker dies; the pool reports it lost, and why
                }
                result = new ChunkResult(chunk.jobId(), chunk.index(), null, RemoteFailure.of(t), slot, false);
            }
            if (decoded != 0) {
                if (ran == 0) {
                    ran = run.end(); // a call that threw
                }
                stats.workNanos += ran - decoded;
                stats.chunkRan(chunk.jobId(), run.tasks, ran - decoded);
            }
            if (board != null) {
                board.idle(slot);
            }
            done++;
            // past its chunk limit or its memory limit, the worker retires after this chunk
            boolean retiring = maxTasks > 0 && done >= maxTasks || maxMemory > 0 && ResidentMemory.bytes() > maxMemory;
            if (retiring) {
                result = new ChunkResult(result.jobId(), result.index(), result.values(), result.failure(), slot, true);
            }
            result = result.withClaim(chunk.claim()).withPartial(run.partial);
            WireMessage encoded;
            try {
                encoded = PoolWire.encode(result, codec);
            } catch (IllegalArgumentException notSerializable) {
                encoded = PoolWire.encode(new ChunkResult(chunk.jobId(), chunk.index(), null,
                        RemoteFailure.of(notSerializable), slot, retiring).withClaim(chunk.claim()));
            }
            long encodedAt = System.nanoTime();
            stats.serialNanos += encodedAt - (ran != 0 ? ran : taken);
            stats.chunks++;
            if (board != null) {
                board.publish(slot, stats); // before the result: a caller that has it reads insights that count it
            }
            if (board != null && board.generation(slot) != generation) {
                return; // given up meanwhile (a worker thread past its deadline): its slot's new worker runs this chunk
            }
            PoolWire.send(results, encoded);
            waitFrom = encodedAt; // sending (a copy into shared memory, or a wait for room) counts as waiting
            if (retiring) {
                sayGoodbye(results, options, slot, state);
                return;
            }
        }
    }

    /**
     * Runs the pool's exit hook on the worker's state, if it has one, and sends its result (or
     * its failure) to the pool, before the worker exits normally.
     */
    private static void sayGoodbye(FrameQueue results, WorkerOptions options, int slot, Object state)
            throws InterruptedException {
        if (options.onExit() == null) {
            return;
        }
        ChunkResult goodbye;
        try {
            goodbye = ChunkResult.exit(slot, Packing.pack(new Object[] {options.onExit().apply(state)}), null);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                throw vme;
            }
            goodbye = ChunkResult.exit(slot, null, RemoteFailure.of(t));
        }
        WireMessage encoded;
        try {
            encoded = PoolWire.encode(goodbye);
        } catch (IllegalArgumentException notSerializable) {
            encoded = PoolWire.encode(ChunkResult.exit(slot, null, RemoteFailure.of(notSerializable)));
        }
        PoolWire.send(results, encoded);
    }

    /** The next message of the inbox, waiting as long as needed (spinning briefly first, as {@code Queue.get}). */
    /** The next frame of {@code inbox}, or null after {@code timeoutNanos} ({@link Long#MAX_VALUE}: none). */
    private static WireMessage take(FrameQueue inbox, long timeoutNanos) throws InterruptedException {
        try {
            return PoolWire.receiveChunk(inbox, timeoutNanos, WaitPolicy.SPIN_NANOS);
        } catch (EOFException e) {
            throw new IllegalStateException(e); // queues never report end-of-file
        }
    }

    /** {@code t} or the first of its causes whose type is not internal (no internal type reaches a caller), or null. */
    private static Throwable publicCause(Throwable t) {
        for (int depth = 0; t != null && depth < 64; depth++, t = t.getCause()) {
            if (!RemoteFailure.isInternal(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Tells the pool, best effort, that this worker dies of {@code error} while running
     * {@code chunk}, so that the caller learns why the worker was lost: an
     * {@code OutOfMemoryError} gets the heap limit in its message. The task's data is unreachable
     * by now, so there is usually room for this.
     */
    private static void reportDying(FrameQueue results, TaskChunk chunk, int slot, VirtualMachineError error) {
        try {
            Throwable why = error;
            if (error instanceof OutOfMemoryError) {
                OutOfMemoryError oom = new OutOfMemoryError(error.getMessage() + " (heap limit "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, Runtime.maxMemory(); raise it with"
                        + " the pool builder's jvmOptions(\"-Xmx...\"))");
                oom.setStackTrace(error.getStackTrace());
                why = oom;
            }
            PoolWire.send(results, PoolWire.encode(ChunkResult.dying(chunk.jobId(), chunk.index(), slot, chunk.claim(),
                    RemoteFailure.of(why))));
        } catch (Throwable ignored) {
            // no memory even for this: the pool reports the worker lost without the cause
        }
    }

    /**
     * One chunk's run in a worker: notes each task's start on the board, skips the positions the
     * pool failed already, runs a task again when its exception is to be retried, and puts a
     * {@link TaskFailure} in place of a task's result when it threw.
     */
    private static final class ChunkRun {
        private final WorkerBoard board;
        private final int slot;
        private final boolean timed;
        private final TaskChunk chunk;
        private final boolean skips;
        private final WorkerOptions options;
        private final WorkerStats stats;
        /** Whether some of the values are {@link TaskFailure}s. */
        boolean partial;
        /** The position of the task running now, or -1. */
        private int current = -1;
        /** When it started. */
        private long startedAt;
        /** The tasks that ran. */
        int tasks;
        /**
         * Whether each task is timed: in a chunk with a time limit, and where the job's tasks
         * take long enough that a clock reading per task costs little ({@link WorkerStats#timesTasksOf}).
         */
        private boolean timesTasks;
        /** Whether {@link #timesTasks} is a probe (a job whose task times the worker does not know yet). */
        private final boolean probing;
        /** When the chunk's first task started, for the probe. */
        private long firstStart;
        /** Whether a recording takes {@link TaskEvent}s (looked at once per chunk), for timed tasks. */
        private final boolean taskEvents;
        /** The event of the task running now, when {@link #taskEvents}. */
        private TaskEvent taskEvent;

        ChunkRun(WorkerBoard board, int slot, TaskChunk chunk, WorkerOptions options, WorkerStats stats) {
            this.board = board;
            this.slot = slot;
            this.timed = chunk.timeoutNanos() > 0;
            this.chunk = chunk;
            this.skips = chunk.skip().length > 0;
            this.options = options;
            this.stats = stats;
            this.timesTasks = timed || stats.timesTasksOf(chunk.jobId());
            this.probing = !timed && stats.probes(chunk.jobId());
            this.taskEvents = timesTasks && FlightEvents.on() && new TaskEvent().isEnabled();
        }

        /** Whether the task at {@code i} runs; if so, its start is noted (and the end of the one before). */
        boolean starts(int i) {
            if (skips && chunk.skips(i)) {
                return false;
            }
            tasks++;
            if (!timesTasks) {
                if (board != null) {
                    board.taskStarted(slot, i, false, 0);
                }
                return true;
            }
            long now = System.nanoTime();
            if (current >= 0) {
                taskEnded(now);
            } else {
                firstStart = now;
            }
            if (probing && tasks == WorkerStats.PROBE_TASKS + 1
                    && (now - firstStart) / WorkerStats.PROBE_TASKS < WorkerStats.TIMED_TASK_NANOS) {
                timesTasks = false; // short tasks: the clock would cost more than they do
                current = -1;
                if (board != null) {
                    board.taskStarted(slot, i, false, 0);
                }
                return true;
            }
            current = i;
            startedAt = now;
            if (taskEvents) {
                taskEvent = new TaskEvent();
                taskEvent.begin();
            }
            if (board != null) {
                board.taskStarted(slot, i, timed, now);
            }
            return true;
        }

        /** The chunk's last task ended: noted; returns the time. */
        long end() {
            long now = System.nanoTime();
            if (current >= 0) {
                taskEnded(now);
                current = -1;
            }
            return now;
        }

        private void taskEnded(long now) {
            stats.task(chunk.jobId(), chunk.index(), current, now - startedAt);
            if (taskEvent != null) {
                taskEvent.end();
                if (taskEvent.shouldCommit()) {
                    taskEvent.jobId = chunk.jobId();
                    taskEvent.chunkIndex = chunk.index();
                    taskEvent.position = current;
                    taskEvent.slot = slot;
                    taskEvent.commit();
                }
                taskEvent = null;
            }
        }

        /** Whether a task's {@code attempt}-th exception (0 first) is run again; if not, it is the task's failure. */
        boolean retries(Throwable t, int attempt) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                throw vme;
            }
            boolean again = options.exceptionRetries() > 0 && options.retries(t, attempt);
            if (again) {
                stats.retried++;
            }
            return again;
        }

        /** One task's exception, in place of its result. */
        TaskFailure failed(Throwable t) {
            partial = true;
            return new TaskFailure(RemoteFailure.of(t));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object[] execute(TaskChunk chunk, Object fn, ChunkRun run) throws Exception {
        return switch (chunk.mode()) {
            case CALL -> {
                if (!run.starts(0)) {
                    yield new Object[] {null};
                }
                for (int attempt = 0; ; attempt++) {
                    try {
                        yield new Object[] {((SerializableCallable) fn).call()};
                    } catch (Throwable t) {
                        if (!run.retries(t, attempt)) {
                            throw t;
                        }
                    }
                }
            }
            case MAP -> {
                SerializableFunction f = (SerializableFunction) fn;
                if (chunk.args() instanceof int[] ints) { // the common case, without an Object[] of the arguments
                    Object[] out = new Object[ints.length];
                    for (int i = 0; i < ints.length; i++) {
                        if (run.starts(i)) {
                            out[i] = apply(f, ints[i], run);
                        }
                    }
                    yield out;
                }
                Object[] args = Packing.unpackArray(chunk.args());
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    if (run.starts(i)) {
                        out[i] = apply(f, args[i], run);
                    }
                }
                yield out;
            }
            case STAR2 -> {
                SerializableBiFunction f = (SerializableBiFunction) fn;
                if (chunk.args() instanceof Packing.Pairs(int[] a, int[] b)) { // two int columns, read in place
                    Object[] out = new Object[a.length];
                    for (int i = 0; i < a.length; i++) {
                        if (run.starts(i)) {
                            out[i] = apply(f, a[i], b[i], run);
                        }
                    }
                    yield out;
                }
                if (chunk.args() instanceof Packing.Pairs p) { // pairs travel as two columns: no Tuple2 per task
                    Object[] firsts = Packing.unpackArray(p.firsts());
                    Object[] seconds = Packing.unpackArray(p.seconds());
                    Object[] out = new Object[firsts.length];
                    for (int i = 0; i < firsts.length; i++) {
                        if (run.starts(i)) {
                            out[i] = apply(f, firsts[i], seconds[i], run);
                        }
                    }
                    yield out;
                }
                Object[] args = Packing.unpackArray(chunk.args());
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    if (run.starts(i)) {
                        Tuple2 pair = (Tuple2) args[i];
                        out[i] = apply(f, pair.first(), pair.second(), run);
                    }
                }
                yield out;
            }
            case STAR3 -> {
                SerializableTriFunction f = (SerializableTriFunction) fn;
                Object[] args = Packing.unpackArray(chunk.args());
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    if (run.starts(i)) {
                        for (int attempt = 0; ; attempt++) {
                            try {
                                Tuple3 triple = (Tuple3) args[i];
                                out[i] = f.apply(triple.first(), triple.second(), triple.third());
                                break;
                            } catch (Throwable t) {
                                if (!run.retries(t, attempt)) {
                                    out[i] = run.failed(t);
                                    break;
                                }
                            }
                        }
                    }
                }
                yield out;
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object apply(SerializableFunction f, Object arg, ChunkRun run) {
        for (int attempt = 0; ; attempt++) {
            try {
                return f.apply(arg);
            } catch (Throwable t) {
                if (!run.retries(t, attempt)) {
                    return run.failed(t);
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object apply(SerializableBiFunction f, Object a, Object b, ChunkRun run) {
        for (int attempt = 0; ; attempt++) {
            try {
                return f.apply(a, b);
            } catch (Throwable t) {
                if (!run.retries(t, attempt)) {
                    return run.failed(t);
                }
            }
        }
    }
}
