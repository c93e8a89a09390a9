package org.multiprocessing4j.internal.child;

import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * Runs the message path of queues and pipes (serialization, the channel's locks, its memory
 * accesses) on a private channel, on a background thread of a child JVM while it starts, so that
 * the JIT compiles it before the child's task runs.
 *
 * <h2>Why</h2>
 * A fresh JVM runs this path interpreted: each memory-segment access goes through several layers
 * of var-handle code, and a put costs 3 to 6 us until the JIT has compiled the path (measured:
 * the first 10,000 puts of a child took about 37 ms, the next 190,000 about 40 ms). The AOT
 * cache's profiles (JEP 515) do not make the JIT compile sooner. With the warm-up a child's first
 * queue operations run compiled (measured on 2 cores: {@code queue_small_int_1p1c} 4.2 to 5.0 M
 * msgs/s instead of 2.1 to 2.3 M).
 *
 * <h2>Off by default</h2>
 * The start-up is not idle: the JIT threads use the second core then, so the warm-up slows every
 * child's start (measured: {@code process_start_join} 70 to 94..101 ms,
 * {@code pool2_start_first_result_close} 220 to 290 ms). {@code -Dmp4j.warmup=true} (passed on to
 * children, as every {@code mp4j.*} property) turns it on, for programs whose children move many
 * small messages soon after they start.
 *
 * <h2>Bounds</h2>
 * It stops after {@value #MAX_ROUNDS} round trips, or {@link #BUDGET_NANOS} of wall-clock time,
 * or once a batch of round trips runs at compiled speed, whichever comes first; its files are
 * unlinked at the end (and at exit, being this process's). A daemon thread: it never delays an
 * exit.
 */
final class WarmUp {
    static final int MAX_ROUNDS = 12_000;
    static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
    private static final int BATCH = 500;
    /** A batch of round trips this fast per round trip means the path is compiled. */
    private static final long COMPILED_NANOS = 400;

    private WarmUp() {}

    /** Starts the warm-up on a daemon thread if {@code mp4j.warmup} is true. */
    static void startInBackground() {
        if (!Boolean.getBoolean("mp4j.warmup")) {
            return;
        }
        Thread.ofPlatform().name("mp4j-warm-up").daemon(true).start(WarmUp::run);
    }

    static void run() {
        Channel channel = null;
        try {
            channel = Channel.create(1 << 16);
            long start = System.nanoTime();
            for (int round = 0; round < MAX_ROUNDS;) {
                long t0 = System.nanoTime();
                for (int i = 0; i < BATCH; i++, round++) {
                    byte[] frame = Serialization.toFrame(round);
                    channel.send(frame, 0, frame.length);
                    Serialization.fromFrame(channel.receive(Long.MAX_VALUE, false));
                }
                long t1 = System.nanoTime();
                if (t1 - t0 < BATCH * COMPILED_NANOS || t1 - start > BUDGET_NANOS) {
                    break;
                }
            }
        } catch (Exception | LinkageError e) {
            // a warm-up only: the task will find any real problem itself
        } finally {
            if (channel != null) {
                channel.destroy();
            }
        }
    }
}
