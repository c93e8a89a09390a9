package org.multiprocessing4j.internal.launch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.internal.child.ChildMain;

/**
 * Pre-started child JVMs waiting for their bootstrap, so that {@code Process.start()} costs a pipe
 * write instead of a JVM start-up.
 *
 * <p>Two modes. <b>Adaptive</b> (the default on machines of {@link #ADAPTIVE_MIN_PROCESSORS} or more
 * processors, off by default on fewer: see {@link #DEFAULT_IDLE}): every start that could use a spare (a process
 * without per-process JVM options; a pool's workers are such processes) is counted, and after it
 * the library keeps as many spares as it counted starts in the last idle period
 * ({@link #DEFAULT_IDLE}, or {@value #IDLE_PROPERTY} in milliseconds, or
 * {@code Multiprocessing.setSpareIdleTime}), at most {@link Runtime#availableProcessors()}. So a
 * program's first start is cold and, once the spare is ready, the next is not; a program that made
 * a pool of n workers finds up to n spares for its next pool, or for replacing a dead worker. A
 * spare unused for the idle period exits, and so a spare nobody wants costs an idle JVM for that
 * long only. An idle period of 0 turns adaptive spares off. <b>Fixed</b>
 * ({@link #configure}, {@code Multiprocessing.setSpares(n)}): n spares, always, 0 for none.
 *
 * <p>A spare is made with a given command; it serves only a start with the same command (the
 * same global and per-process options), give or take the AOT cache options. When the command
 * changes, spares are re-configured for it. Taking one starts its replacement on a background
 * thread.
 * A spare warms up before it waits: it loads the classes a first task needs and runs a pool
 * worker's path on a private queue ({@code PoolWorker.train()}), then prints
 * {@link #READY_MARKER} on stderr, which its parent swallows; only then is it offered. A spare
 * runs the same command as a cold child, and its warm-up prints nothing, so a process started on
 * a spare shows the same class path, options, output and exit codes as a cold one.
 *
 * <p>All state is guarded by {@link #LOCK}. A spare that died (it cannot, short of being killed
 * from outside) is dropped when taken. Expired spares are discarded by a daemon thread,
 * {@code mp4j-spare-reaper}, which runs only while adaptive spares are ready.
 */
public final class SpareJvms {
    /** The program argument that tells {@link ChildMain} it is a spare and should warm up. */
    /** The line a spare prints first on stderr once warmed up; the parent swallows it. */
    public static final String READY_MARKER = "\u0001mp4j-spare-ready\n";
    static final byte[] READY_MARKER_BYTES = READY_MARKER.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** How long a new spare may take to warm up before it is discarded. */
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

    /** The idle period of adaptive spares when they are on and nothing sets another. */
    public static final Duration ADAPTIVE_IDLE = Duration.ofSeconds(10);
    /** Processors from which adaptive spares are on by default (see {@link #DEFAULT_IDLE}). */
    public static final int ADAPTIVE_MIN_PROCESSORS = 4;
    /**
     * The idle period when neither the property nor the setter says otherwise: {@link
     * #ADAPTIVE_IDLE} on a machine of {@link #ADAPTIVE_MIN_PROCESSORS} or more processors, else 0
     * (off). On fewer, a spare's warm-up (a JVM start, class loading, a pool worker's path) competes
     * for the cores with the program that just started a process: measured on 2 cores, side by side
     * in one run, adaptive spares made {@code manager_dict_set_get_from_child} 0.4x as fast,
     * {@code barrier2_phase} 2.1x as slow and {@code queue_small_int_1p1c} 0.6x as fast, while
     * gaining nothing for a tight start/join loop (the next start comes before the spare is ready).
     */
    public static final Duration DEFAULT_IDLE =
            Runtime.getRuntime().availableProcessors() >= ADAPTIVE_MIN_PROCESSORS ? ADAPTIVE_IDLE : Duration.ZERO;
    /** The system property of the idle period of adaptive spares, in milliseconds; 0 turns them off. */
    public static final String IDLE_PROPERTY = "mp4j.spares.idleMillis";

    private static final Object LOCK = new Object();
    private static final ArrayDeque<ChildProcess> READY = new ArrayDeque<>(); // guarded by LOCK
    /** When each spare of {@link #READY} became ready, in {@link System#nanoTime()}, in the same order. */
    private static final ArrayDeque<Long> READY_SINCE = new ArrayDeque<>();   // guarded by LOCK
    /** The times of the latest starts that could use a spare (at most the processor count). */
    private static final ArrayDeque<Long> STARTS = new ArrayDeque<>();        // guarded by LOCK
    private static List<String> command = List.of();                          // guarded by LOCK
    private static int target;                                                 // guarded by LOCK; fixed mode
    private static boolean adaptive = true;                                    // guarded by LOCK
    /** The idle period set by {@link #configureAdaptive}, or null for {@link #IDLE_PROPERTY}'s. */
    private static Duration idleSet;                                           // guarded by LOCK
    private static int launching;                                              // guarded by LOCK
    private static boolean reaping;                                            // guarded by LOCK
    private static long taken;                                                 // guarded by LOCK

    private SpareJvms() {}

    /**
     * Keeps {@code count} spares made with {@code baseCommand}; discards spares of another command.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public static void configure(int count, List<String> baseCommand) {
        if (count < 0) {
            throw new IllegalArgumentException("spares=" + count + " must be >= 0; use 0 to turn spares off");
        }
        List<ChildProcess> discard = new ArrayList<>();
        synchronized (LOCK) {
            changeCommandLocked(baseCommand, discard);
            adaptive = false;
            target = count;
            STARTS.clear();
            trimLocked(count, discard);
            replenishLocked();
        }
        discard.forEach(ChildProcess::closeLifeline);
    }

    /**
     * Turns adaptive spares on with idle period {@code idle} (see the class comment);
     * {@link Duration#ZERO} turns spares off.
     *
     * @throws IllegalArgumentException if idle is negative
     */
    public static void configureAdaptive(Duration idle) {
        if (idle.isNegative()) {
            throw new IllegalArgumentException("spare idle time " + idle + " must be >= 0; use Duration.ZERO to turn spares off");
        }
        List<ChildProcess> discard = new ArrayList<>();
        synchronized (LOCK) {
            adaptive = true;
            target = 0;
            idleSet = idle;
            STARTS.clear(); // the demand is counted afresh
            if (idle.isZero()) {
                trimLocked(0, discard);
            } else {
                startReaperLocked(); // ready spares expire after the new idle time
            }
            LOCK.notifyAll(); // the reaper recomputes its deadline
        }
        discard.forEach(ChildProcess::closeLifeline);
    }

    /**
     * The idle period of adaptive spares in nanoseconds.
     *
     * @throws IllegalArgumentException if it comes from a malformed {@value #IDLE_PROPERTY}
     */
    private static long idleNanosLocked() {
        return (idleSet != null ? idleSet : idleFromProperty()).toNanos();
    }

    /** The idle period from {@value #IDLE_PROPERTY}, else {@link #DEFAULT_IDLE}. */
    static Duration idleFromProperty() {
        String v = System.getProperty(IDLE_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_IDLE;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + IDLE_PROPERTY + "=" + v
                + " is not a number of milliseconds >= 0 (the idle time of spare JVMs; 0 turns them off)");
    }

    /**
     * Re-configures the spares for a new command (the global JVM options changed), keeping the
     * mode; spares that cannot serve it are discarded.
     */
    public static void commandChanged(List<String> baseCommand) {
        List<ChildProcess> discard = new ArrayList<>();
        synchronized (LOCK) {
            changeCommandLocked(baseCommand, discard);
            replenishLocked();
        }
        discard.forEach(ChildProcess::closeLifeline);
    }

    /** Whether spares may exist: fixed ones wanted, or adaptive ones on. */
    public static boolean active() {
        synchronized (LOCK) {
            return adaptive ? idleNanosLocked() > 0 : target > 0;
        }
    }

    /** The number of spares to keep now (in adaptive mode, after the recent starts). */
    public static int target() {
        synchronized (LOCK) {
            return targetLocked(System.nanoTime());
        }
    }

    /** How many starts were served by a spare in this JVM; for tests and diagnostics. */
    public static long taken() {
        synchronized (LOCK) {
            return taken;
        }
    }

    private static int targetLocked(long now) {
        if (!adaptive) {
            return target;
        }
        if (idleNanosLocked() <= 0) {
            return 0;
        }
        long idle = idleNanosLocked();
        int recent = 0;
        for (long t : STARTS) {
            if (now - t < idle) {
                recent++;
            }
        }
        return recent;
    }

    /** Moves the ready spares beyond {@code keep}, the newest first, to {@code discard}. */
    private static void trimLocked(int keep, List<ChildProcess> discard) {
        while (READY.size() > keep) {
            discard.add(READY.pollLast());
            READY_SINCE.pollLast();
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
            if (adaptive && idleNanosLocked() > 0) {
                if (STARTS.size() >= Runtime.getRuntime().availableProcessors()) {
                    STARTS.pollFirst();
                }
                STARTS.addLast(System.nanoTime());
            }
            if (targetLocked(System.nanoTime()) == 0) {
                return null;
            }
            changeCommandLocked(baseCommand, discard);
            while ((spare = READY.pollFirst()) != null) {
                READY_SINCE.pollFirst();
                if (spare.isAlive()) {
                    break;
                }
                // a dead spare is dropped
            }
            if (spare != null) {
                taken++;
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
            READY_SINCE.clear();
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
            while (READY.size() < targetLocked(System.nanoTime())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LOCK.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Waits until at least {@code count} spares are ready, whatever the target; for tests.
     *
     * @return whether they were ready within the timeout
     */
    static boolean awaitReady(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (LOCK) {
            while (READY.size() < count) {
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
            adaptive = false;
            target = 0;
            discard = new ArrayList<>(READY);
            READY.clear();
            READY_SINCE.clear();
            LOCK.notifyAll();
        }
        discard.forEach(ChildProcess::closeLifeline);
    }

    private static void replenishLocked() {
        int missing = targetLocked(System.nanoTime()) - READY.size() - launching;
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
            withArg.add(JvmCommand.SPARE_ARG);
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
                // an adaptive spare stays for the idle time from now even if the demand that made
                // it is older: it expires in the reaper
                int room = adaptive ? (idleNanosLocked() > 0 ? Runtime.getRuntime().availableProcessors() : 0) : target;
                keep = spare != null && interchangeable(command, cmd) && READY.size() < room;
                if (keep) {
                    READY.addLast(spare);
                    READY_SINCE.addLast(System.nanoTime());
                    LOCK.notifyAll();
                    startReaperLocked();
                } else if (spare != null) {
                    replenishLocked(); // a sound spare of an old command: start one of the current command
                }
            }
            if (!keep && spare != null) {
                spare.closeLifeline();
            }
        }
    }

    /** Starts the reaper of adaptive spares unless it runs. */
    private static void startReaperLocked() {
        if (adaptive && !reaping) {
            reaping = true;
            Thread.ofPlatform().name("mp4j-spare-reaper").daemon(true).start(SpareJvms::reap);
        }
    }

    /**
     * The reaper: discards each adaptive spare that was ready and unused for the idle period; ends
     * when no spare is ready.
     */
    private static void reap() {
        try {
            reapLoop();
        } finally {
            synchronized (LOCK) {
                reaping = false;
            }
        }
    }

    private static void reapLoop() {
        while (true) {
            List<ChildProcess> discard = new ArrayList<>();
            synchronized (LOCK) {
                long now = System.nanoTime();
                if (!adaptive || READY.isEmpty()) {
                    return;
                }
                long idleNanos = idleNanosLocked();
                while (!READY_SINCE.isEmpty() && now - READY_SINCE.peekFirst() >= idleNanos) {
                    discard.add(READY.pollFirst());
                    READY_SINCE.pollFirst();
                }
                if (discard.isEmpty()) {
                    long next = READY_SINCE.peekFirst() + idleNanos; // the oldest spare's expiry
                    long waitMillis = Math.max(1, (next - now) / 1_000_000 + 1);
                    try {
                        LOCK.wait(waitMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            discard.forEach(ChildProcess::closeLifeline);
        }
    }
}
