package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A function of two arguments that can be shipped to another JVM, as used by {@code Pool.starmap}.
 *
 * <pre>{@code
 * SerializableBiFunction<Integer, Integer, Integer> add = Integer::sum;
 * }</pre>
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends Serializable {
    /**
     * Applies the function.
     *
     * @param t the first argument
     * @param u the second argument
     * @return the result
     * @throws Exception anything the function throws
     */
    R apply(T t, U u) throws Exception;
}
