package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * An action on one argument that can be shipped to another JVM.
 *
 * <pre>{@code
 * SerializableConsumer<String> log = line -> System.out.println(line);
 * }</pre>
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Serializable {
    /**
     * Performs the action.
     *
     * @param t the argument
     * @throws Exception anything the action throws
     */
    void accept(T t) throws Exception;
}
