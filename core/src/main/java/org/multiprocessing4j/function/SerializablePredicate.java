package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A predicate that can be shipped to another JVM.
 *
 * <pre>{@code
 * SerializablePredicate<Integer> even = x -> x % 2 == 0;
 * }</pre>
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializablePredicate<T> extends Serializable {
    /**
     * Tests the argument.
     *
     * @param t the argument
     * @return whether it matches
     * @throws Exception anything the predicate throws
     */
    boolean test(T t) throws Exception;
}
