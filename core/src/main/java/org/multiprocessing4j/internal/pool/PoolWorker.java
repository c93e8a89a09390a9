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
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.IdleTrim;
import org.multiprocessing4j.internal.serial.RemoteFailure;
import org.multiprocessing4j.internal.serial.Serialization;
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
     * @param initializer run once before the first chunk; null for none
     * @param maxTasks the chunks it runs before it retires; 0 for no limit
     * @param slot the worker's slot in the pool, sent with each result
     * @param claimTable the name of the pool's {@link ClaimTable}, or null when chunks have no claim words
     * @return the worker's task
     */
    public static SerializableRunnable task(FrameQueue inbox, FrameQueue results, SerializableRunnable initializer,
            int maxTasks, int slot, String claimTable) {
        QueueRef in = new QueueRef(inbox);
        QueueRef out = new QueueRef(results);
        return () -> {
            CurrentProcess.exitWhenTargetReturns(); // a worker told to stop exits at once
            run(in.get(), out.get(), initializer, maxTasks, slot, claimTable);
        };
    }

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
                Serialization.toFrame(task(inbox, results, () -> { }, 0, 0, claims.name())));
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
            byte[] m = results.receive(TRAINING_LIMIT.toNanos(), false, WaitPolicy.SPIN_NANOS);
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
     * @param initializer run once before the first chunk; null for none
     * @param maxTasks the chunks it runs before it retires; 0 for no limit
     * @param slot the worker's slot in the pool, sent with each result
     * @param claimTable the name of the pool's {@link ClaimTable}, or null when chunks have no claim words
     * @throws Exception what the initializer threw
     */
    public static void run(FrameQueue inbox, FrameQueue results, SerializableRunnable initializer,
            int maxTasks, int slot, String claimTable) throws Exception {
        ClaimTable claims = claimTable == null ? null : ClaimTable.attach(claimTable);
        if (initializer != null) {
            initializer.run();
        }
        PoolWire.send(results, PoolWire.encode(ChunkResult.ready(slot))); // it started: a death from now on is not a failed start
        Map<Long, Object> functions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
                return size() > FUNCTION_CACHE;
            }
        };
        int done = 0;
        boolean trims = IdleTrim.enabled();
        while (true) {
            byte[] bytes = take(inbox, trims ? IdleTrim.IDLE.toNanos() : Long.MAX_VALUE);
            if (bytes == null) { // idle: give a grown heap back, then wait on
                IdleTrim.trim();
                bytes = take(inbox, Long.MAX_VALUE);
            }
            if (PoolWire.isControl(bytes)) {
                return; // the stop marker
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
            ChunkResult result;
            boolean[] partial = new boolean[1];
            try {
                if (undecodable != null) {
                    result = new ChunkResult(chunk.jobId(), chunk.index(), null, undecodable, slot, false);
                } else {
                    Object fn = functions.get(chunk.jobId());
                    if (fn == null) {
                        fn = Serialization.fromFrame(chunk.function());
                        functions.put(chunk.jobId(), fn);
                    }
                    result = new ChunkResult(chunk.jobId(), chunk.index(), execute(chunk, fn, partial), null, slot, false);
                }
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                    reportDying(results, chunk, slot, vme);
                    throw vme; // OutOfMemoryError and the like: the worker dies; the pool reports it lost, and why
                }
                result = new ChunkResult(chunk.jobId(), chunk.index(), null, RemoteFailure.of(t), slot, false);
            }
            done++;
            boolean retiring = maxTasks > 0 && done >= maxTasks;
            if (retiring) {
                result = new ChunkResult(result.jobId(), result.index(), result.values(), result.failure(), slot, true);
            }
            result = result.withClaim(chunk.claim()).withPartial(partial[0]);
            byte[] encoded;
            try {
                encoded = PoolWire.encode(result);
            } catch (IllegalArgumentException notSerializable) {
                encoded = PoolWire.encode(new ChunkResult(chunk.jobId(), chunk.index(), null,
                        RemoteFailure.of(notSerializable), slot, retiring).withClaim(chunk.claim()));
            }
            PoolWire.send(results, encoded);
            if (retiring) {
                return;
            }
        }
    }

    /** The next message of the inbox, waiting as long as needed (spinning briefly first, as {@code Queue.get}). */
    /** The next frame of {@code inbox}, or null after {@code timeoutNanos} ({@link Long#MAX_VALUE}: none). */
    private static byte[] take(FrameQueue inbox, long timeoutNanos) throws InterruptedException {
        try {
            return inbox.receive(timeoutNanos, false, WaitPolicy.SPIN_NANOS);
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
     * One task's exception, in place of its result: the chunk's other tasks still run. A
     * {@code VirtualMachineError} other than {@code StackOverflowError} is thrown on: the worker dies of it.
     */
    private static TaskFailure failed(Throwable t, boolean[] partial) {
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
            throw vme;
        }
        partial[0] = true;
        return new TaskFailure(RemoteFailure.of(t));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object execute(TaskChunk chunk, Object fn, boolean[] partial) throws Exception {
        return switch (chunk.mode()) {
            case CALL -> new Object[] {((SerializableCallable) fn).call()};
            case MAP -> {
                SerializableFunction f = (SerializableFunction) fn;
                if (chunk.args() instanceof int[] ints) { // the common case, without an Object[] of the arguments
                    Object[] out = new Object[ints.length];
                    for (int i = 0; i < ints.length; i++) {
                        try {
                            out[i] = f.apply(ints[i]);
                        } catch (Throwable t) {
                            out[i] = failed(t, partial);
                        }
                    }
                    yield Packing.pack(out);
                }
                Object[] args = Packing.unpackArray(chunk.args());
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    try {
                        out[i] = f.apply(args[i]);
                    } catch (Throwable t) {
                        out[i] = failed(t, partial);
                    }
                }
                yield Packing.pack(out);
            }
            case STAR2 -> {
                SerializableBiFunction f = (SerializableBiFunction) fn;
                if (chunk.args() instanceof Packing.Pairs(int[] a, int[] b)) { // two int columns, read in place
                    Object[] out = new Object[a.length];
                    for (int i = 0; i < a.length; i++) {
                        try {
                            out[i] = f.apply(a[i], b[i]);
                        } catch (Throwable t) {
                            out[i] = failed(t, partial);
                        }
                    }
                    yield Packing.pack(out);
                }
                if (chunk.args() instanceof Packing.Pairs p) { // pairs travel as two columns: no Tuple2 per task
                    Object[] firsts = Packing.unpackArray(p.firsts());
                    Object[] seconds = Packing.unpackArray(p.seconds());
                    Object[] out = new Object[firsts.length];
                    for (int i = 0; i < firsts.length; i++) {
                        try {
                            out[i] = f.apply(firsts[i], seconds[i]);
                        } catch (Throwable t) {
                            out[i] = failed(t, partial);
                        }
                    }
                    yield Packing.pack(out);
                }
                Object[] args = Packing.unpackArray(chunk.args());
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    try {
                        Tuple2 pair = (Tuple2) args[i];
                        out[i] = f.apply(pair.first(), pair.second());
                    } catch (Throwable t) {
                        out[i] = failed(t, partial);
                    }
                }
                yield Packing.pack(out);
            }
            case STAR3 -> {
                SerializableTriFunction f = (SerializableTriFunction) fn;
                Object[] args = Packing.unpackArray(chunk.args());
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    try {
                        Tuple3 triple = (Tuple3) args[i];
                        out[i] = f.apply(triple.first(), triple.second(), triple.third());
                    } catch (Throwable t) {
                        out[i] = failed(t, partial);
                    }
                }
                yield Packing.pack(out);
            }
        };
    }
}
