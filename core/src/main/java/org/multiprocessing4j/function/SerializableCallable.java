package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A task without arguments that returns a result and can be shipped to another JVM.
 *
 * <pre>{@code
 * SerializableCallable<Long> pid = () -> ProcessHandle.current().pid();
 * }</pre>
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Serializable {
    /**
     * Computes the result.
     *
     * @return the result
     * @throws Exception anything the task throws
     */
    V call() throws Exception;
}
