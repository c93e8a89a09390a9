package org.multiprocessing4j.testing;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * After each test: kills and joins every child the test left alive, then fails the test if it left
 * any, since a test that leaks a process is a failing test.
 */
public final class ChildCleanup implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Process> leaked = Multiprocessing.activeChildren();
        for (Process p : leaked) {
            p.kill();
            p.join(Duration.ofSeconds(30));
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError("test left child processes alive: " + leaked);
        }
    }
}
