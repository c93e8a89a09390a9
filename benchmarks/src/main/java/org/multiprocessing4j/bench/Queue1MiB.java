package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Queue;

/** {@code queue_1MiB_1p1c}: a child puts 2,000 payloads of 1 MiB on a {@link Queue}, the parent gets them; MB/s (10^6 bytes). */
final class Queue1MiB implements BenchCase {
    private static final int N = 2_000;
    private static final int SIZE = 1 << 20;

    @Override
    public String name() {
        return "queue_1MiB_1p1c";
    }

    @Override
    public String unit() {
        return "MB/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String target() {
        return ">= 3x";
    }

    @Override
    public List<String> pythonStartMethods() {
        return List.of("fork");
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
