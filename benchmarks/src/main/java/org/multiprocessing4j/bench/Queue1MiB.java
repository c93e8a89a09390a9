package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Queue;

/** {@code queue_1MiB_1p1c}: a child puts 2,000 payloads of 1 MiB on a {@link Queue}, the parent gets them; MB/s (10^6 bytes). */
final class Queue1MiB extends Described {
    private static final int N = 2_000;
    private static final int SIZE = 1 << 20;

    Queue1MiB() {
        super("queue_1MiB_1p1c", "MB/s", true, ">= 3x", List.of("fork"));
    }

    @Override
    public double runOnce() throws Exception {
        Queue<byte[]> q = new Queue<>();
        double seconds = TimedChildren.run(1, () -> {
            byte[] payload = new byte[SIZE];
            for (int i = 0; i < N; i++) {
                q.put(payload);
            }
        }, () -> {
            for (int i = 0; i < N; i++) {
                if (q.get().length != SIZE) {
                    throw new IllegalStateException("short payload");
                }
            }
        });
        return (double) N * SIZE / 1e6 / seconds;
    }
}
