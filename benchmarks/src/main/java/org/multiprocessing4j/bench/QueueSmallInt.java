package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Queue;

/** {@code queue_small_int_1p1c}: a child puts 200,000 ints on a {@link Queue}, the parent gets them; messages/s. */
final class QueueSmallInt extends Described {
    private static final int N = 200_000;

    QueueSmallInt() {
        super("queue_small_int_1p1c", "msgs/s", true, ">= 10x", List.of("fork"));
    }

    @Override
    public double runOnce() throws Exception {
        Queue<Integer> q = new Queue<>();
        double seconds = TimedChildren.run(1, () -> {
            for (int i = 0; i < N; i++) {
                q.put(i);
            }
        }, () -> {
            for (int i = 0; i < N; i++) {
                if (q.get() != i) {
                    throw new IllegalStateException("out of order at " + i);
                }
            }
        });
        return N / seconds;
    }
}
