package org.multiprocessing4j.bench;

import java.util.List;
import java.util.Map;
import org.multiprocessing4j.Manager;

/**
 * {@code manager_dict_set_get_from_child}: a child does 5,000 puts then 5,000 gets on a managed
 * dict (its proxy connects before timing starts); operations per second.
 */
final class ManagerDictCase extends Described {
    private static final int N = 5_000;
    private Manager manager;

    ManagerDictCase() {
        super("manager_dict_set_get_from_child", "ops/s", true, ">= 2x", List.of("fork"));
    }

    @Override
    public void setUp() {
        manager = Manager.start();
    }

    @Override
    public double runOnce() throws Exception {
        Map<Integer, Integer> d = manager.dict();
        double seconds = TimedChildren.run(1, d::size, () -> {
            for (int i = 0; i < N; i++) {
                d.put(i, i);
            }
            for (int i = 0; i < N; i++) {
                if (d.get(i) != i) {
                    throw new IllegalStateException("d[" + i + "]=" + d.get(i));
                }
            }
        }, null);
        if (d.size() != N) {
            throw new IllegalStateException("size=" + d.size());
        }
        return 2.0 * N / seconds;
    }

    @Override
    public void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }
}
