package org.multiprocessing4j.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Pool;

/** A pool worker JVM gives a grown heap back once idle (a real child JVM). */
class IdleTrimTest {
    static final Duration HANG = Duration.ofSeconds(60);

    @Test
    void aPoolWorkerGivesItsGrownHeapBackWhenIdle() throws Exception {
        // -Xms16m: the default initial heap (1/64 of the machine's memory) may hold 64 MiB without growing
        try (Pool pool = Pool.builder().processes(1).jvmOptions("-Xms16m").build()) {
            long initial = pool.apply(() -> Runtime.getRuntime().totalMemory());
            long grown = pool.apply(() -> {
                byte[][] live = new byte[64][];
                for (int i = 0; i < live.length; i++) {
                    live[i] = new byte[1 << 20];
                }
                return Runtime.getRuntime().totalMemory() + live.length * 0L;
            });
            assertTrue(grown > initial + (32 << 20), "64 MiB live grew the heap: " + initial + " -> " + grown);
            long deadline = System.nanoTime() + HANG.toNanos();
            long now;
            do {
                assertTrue(System.nanoTime() < deadline, "the idle worker kept its heap of " + grown + " bytes");
                Thread.sleep(IdleTrim.IDLE.toMillis() * 2); // leaves the worker idle for longer than IDLE
                now = pool.apply(() -> Runtime.getRuntime().totalMemory());
            } while (now > grown / 2);
            assertTrue(now < initial * 2, "shrunk back near the initial heap: " + initial + " -> " + grown + " -> " + now);
        }
    }
}
