package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A function of three arguments that can be shipped to another JVM.
 *
 * <pre>{@code
 * SerializableTriFunction<Integer, Integer, Integer, Integer> sum3 = (a, b, c) -> a + b + c;
 * }</pre>
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableTriFunction<A, B, C, R> extends Serializable {
    /**
     * Applies the function.
     *
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @return the result
     * @throws Exception anything the function throws
     */
    R apply(A a, B b, C c) throws Exception;
}
