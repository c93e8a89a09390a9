package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A task with no argument and no result that can be shipped to another JVM.
 *
 * <p>A lambda or method reference written where a {@code SerializableRunnable} is expected is
 * compiled as a serializable lambda, so it can be sent to a child process. What it captures must
 * be serializable too.
 *
 * <pre>{@code
 * Process p = new Process(() -> System.out.println("hello from " + Multiprocessing.currentProcess().name()));
 * }</pre>
 */
@FunctionalInterface
public interface SerializableRunnable extends Serializable {
    /**
     * Runs the task.
     *
     * @throws Exception anything the task throws; in a child process it counts as an uncaught
     *     exception (exit code 1)
     */
    void run() throws Exception;
}
