package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a pool reports bad options, tasks that fail, and workers that die, with real worker JVMs. */
class PoolFailuresTest {
    static final Duration HANG = ProcessTest.HANG;

    @Test
    void maxTasksPerChildZeroOrNegativeIsRefusedNamingTheValue() {
        for (int n : new int[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pool.builder().maxTasksPerChild(n));
            assertTrue(e.getMessage().contains("maxTasksPerChild=" + n), e.getMessage());
        }
        try (Pool p = Pool.builder().processes(1).maxTasksPerChild(1).build()) {
            assertEquals(java.util.List.of(1, 4), assertTimeoutMap(p));
        }
    }

    private static java.util.List<Integer> assertTimeoutMap(Pool p) {
        try {
            return p.map((Integer x) -> x * x, java.util.List.of(1, 2), 1);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
