package org.multiprocessing4j;

import java.io.Serializable;

/**
 * An argument tuple for {@link Pool#starmap}: Python's {@code (a, b)} is {@code Tuple.of(a, b)}.
 *
 * <pre>{@code
 * var args = List.of(Tuple.of(1, 1), Tuple.of(2, 2));
 * List<Integer> sums = pool.starmap(Integer::sum, args);   // [2, 4]
 * }</pre>
 */
public sealed interface Tuple extends Serializable permits Tuple2, Tuple3 {
    /**
     * A pair.
     *
     * @param <A> the type of the first element
     * @param <B> the type of the second element
     * @param a the first element
     * @param b the second element
     * @return the pair {@code (a, b)}, a {@link Tuple2}
     */
    static <A, B> Tuple2<A, B> of(A a, B b) {
        return new Tuple2<>(a, b);
    }

    /**
     * A triple.
     *
     * @param <A> the type of the first element
     * @param <B> the type of the second element
     * @param <C> the type of the third element
     * @param a the first element
     * @param b the second element
     * @param c the third element
     * @return the triple {@code (a, b, c)}, a {@link Tuple3}
     */
    static <A, B, C> Tuple3<A, B, C> of(A a, B b, C c) {
        return new Tuple3<>(a, b, c);
    }

    /**
     * The number of items.
     *
     * @return the number of items
     */
    int size();
}
