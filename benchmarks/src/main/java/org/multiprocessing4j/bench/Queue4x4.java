package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Queue;

/** {@code queue_small_int_4p4c} (Java only): 4 producer and 4 consumer processes move 400,000 ints; messages/s. */
final class Queue4x4 extends Described {
    private static final int PER_PRODUCER = 100_000;

    Queue4x4() {
        super("queue_small_int_4p4c", "msgs/s", true, "(Java only)", List.of());
    }

    @Override
    public double runOnce() throws Exception {
        Queue<Integer> q = new Queue<>();
        Queue<Boolean> role = new Queue<>();
        for (int i = 0; i < 4; i++) {
            role.put(true);   // producers
            role.put(false);  // consumers
        }
        double seconds = TimedChildren.run(8, () -> {
            if (role.get()) {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    q.put(i);
                }
            } else {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    q.get();
                }
            }
        });
        return 4.0 * PER_PRODUCER / seconds;
    }
}
