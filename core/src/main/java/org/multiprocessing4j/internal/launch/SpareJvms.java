package org.multiprocessing4j.internal.launch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.internal.pool.PoolWorker;

/**
 * Pre-started child JVMs waiting for their bootstrap, so that {@code Process.start()} costs a pipe
 * write instead of a JVM start-up.
 *
 * <p>A spare is made with a given command; it serves only a start with the same command (the
 * same global and per-process options), give or take the AOT cache options. When the command
 * changes, spares are re-configured for it. Taking one starts its replacement on a background
 * thread.
 * A spare warms up before it waits: it loads the classes a first task needs and runs a pool
 * worker's path on a private queue ({@link PoolWorker#train()}), then prints
 * {@link #READY_MARKER} on stderr, which its parent swallows; only then is it offered.
 *
 * <p>All state is guarded by {@link #LOCK}. A spare that died (it cannot, short of being killed
 * from outside) is dropped when taken.
 */
public final class SpareJvms {
    /** The program argument that tells {@link ChildMain} it is a spare and should warm up. */
    static final String SPARE_ARG = "--spare";
    /** The line a spare prints first on stderr once warmed up; the parent swallows it. */
    static final String READY_MARKER = "\u0001mp4j-spare-ready\n";
    static final byte[] READY_MARKER_BYTES = READY_MARKER.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** How long a new spare may take to warm up before it is discarded. */
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

    private static final Object LOCK = new Object();
    private static final ArrayDeque<ChildProcess> READY = new ArrayDeque<>(); // guarded by LOCK
    private static List<String> command = List.of();                          // guarded by LOCK
    private static int target;                                                 // guarded by LOCK
    private static int launching;                                              // guarded by LOCK

    private SpareJvms() {}

    /**
     * Keeps {@code count} spares made with {@code baseCommand}; discards spares of another command.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public static void configure(int count, List<String> baseCommand) {
        if (count < 0) {
            throw new IllegalArgumentException("spares=" + count + " must be >= 0");
        }
        List<ChildProcess> discard = new ArrayList<>();
        synchronized (LOCK) {
            changeCommandLocked(baseCommand, discard);
            target = count;
            while (READY.size() > target) {
                discard.add(READY.pollLast());
            }
            replenishLocked();
        }
        discard.forEach(ChildProcess::closeLifeline);
    }

    /** The number of spares to keep. */
    public static int target() {
        synchronized (LOCK) {
            return target;
        }
    }

    /** The pids of the spares ready now; for tests and diagnostics. */
    public static List<Long> readyPids() {
        synchronized (LOCK) {
            return READY.stream().map(ChildProcess::pid).toList();
        }
    }

    /**
     * Takes a ready spare for {@code baseCommand}, or returns null if none is ready. If spares are
     * wanted but the command changed since they were configured (the AOT cache appeared, or an
     * {@code mp4j.*} property changed), spares are re-configured for the new command first.
     */
    public static ChildProcess take(List<String> baseCommand) {
        List<ChildProcess> discard = new ArrayList<>();
        ChildProcess spare;
        synchronized (LOCK) {
            if (target == 0) {
                return null;
            }
            changeCommandLocked(baseCommand, discard);
            while ((spare = READY.pollFirst()) != null && !spare.isAlive()) {
                // a dead spare is dropped
            }
            replenishLocked();
        }
        discard.forEach(ChildProcess::closeLifeline);
        return spare;
    }

    /**
     * Makes {@code newCommand} the spares' command; moves the ready spares that cannot serve it to
     * {@code discard}.
     */
    private static void changeCommandLocked(List<String> newCommand, List<ChildProcess> discard) {
        if (command.equals(newCommand)) {
            return;
        }
        if (!interchangeable(command, newCommand)) {
            discard.addAll(READY);
            READY.clear();
        }
        command = List.copyOf(newCommand);
    }

    /**
     * Whether a spare made with one command may serve the other: they are equal but for the AOT
     * cache options (see {@link AotCache}), which only make start-up faster. So spares started
     * before the cache appeared stay in use, and their replacements use the cache.
     */
    static boolean interchangeable(List<String> a, List<String> b) {
        return a.equals(b) || AotCache.withoutCacheOptions(a).equals(AotCache.withoutCacheOptions(b));
    }

    /**
     * Waits until every wanted spare is ready; for benchmarks and tests.
     *
     * @return whether they were ready within the timeout
     */
    public static boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (LOCK) {
            while (READY.size() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LOCK.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Discards every spare; run at exit. */
    public static void discardAll() {
        List<ChildProcess> discard;
        synchronized (LOCK) {
            target = 0;
            discard = new ArrayList<>(READY);
            READY.clear();
        }
        discard.forEach(ChildProcess::closeLifeline);
    }

    /**
     * Run by a spare before it waits for its bootstrap: loads and links what a first task needs
     * (serialization of a lambda, the process classes), then tells the parent it is ready.
     */
    static void warmUp() {
        preload();
        try {
            // a pool's worker is the commonest child: its first chunk then costs no class
            // loading or method-handle spinning (measured: a 2-worker pool from spares to its
            // first result and closed, 88 ms median without this, 63 ms with it)
            PoolWorker.train();
        } catch (Exception e) {
            // a warm-up only: a real pool task will meet any real problem itself
        }
        System.err.print(READY_MARKER);
        System.err.flush();
    }

    /** What {@link #warmUp} loads and links; also run by an AOT training (see {@link ChildMain}). */
    static void preload() {
        org.multiprocessing4j.function.SerializableRunnable task = () -> { };
        Object copy = org.multiprocessing4j.internal.serial.Serialization.fromFrame(
                org.multiprocessing4j.internal.serial.Serialization.toFrame(task));
        if (!(copy instanceof org.multiprocessing4j.function.SerializableRunnable)) {
            throw new IllegalStateException("warm-up round trip gave " + copy);
        }
        ProcessHandle.current().parent();
        // System.exit looks this logger up to log the exit: the first look-up finds the logging
        // back end (a service-loader scan), some 5 ms of a fresh JVM's exit
        System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG);
        try {
            Class.forName("org.multiprocessing4j.Multiprocessing");
            Class.forName("org.multiprocessing4j.internal.channel.Channel");
            Class.forName("org.multiprocessing4j.internal.sync.SharedMutex");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        org.multiprocessing4j.internal.shm.Futex.warmUp(); // linking the downcall costs tens of ms
    }

    private static void replenishLocked() {
        int missing = target - READY.size() - launching;
        for (int i = 0; i < missing; i++) {
            launching++;
            List<String> cmd = command;
            Thread.ofPlatform().name("mp4j-spare-launcher").daemon(true).start(() -> launchOne(cmd));
        }
    }

    private static void launchOne(List<String> cmd) {
        ChildProcess spare = null;
        try {
            List<String> withArg = new ArrayList<>(cmd);
            withArg.add(SPARE_ARG);
            spare = ChildProcess.launch(withArg, true);
            if (!spare.awaitReady(WARM_UP_LIMIT)) {
                spare.kill();
                spare.closeLifeline();
                spare = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            boolean keep;
            synchronized (LOCK) {
                launching--;
                keep = spare != null && interchangeable(command, cmd) && READY.size() < target;
                if (keep) {
                    READY.addLast(spare);
                    LOCK.notifyAll();
                } else if (spare != null) {
                    replenishLocked(); // a sound spare of an old command: start one of the current command
                }
            }
            if (!keep && spare != null) {
                spare.closeLifeline();
            }
        }
    }
}
