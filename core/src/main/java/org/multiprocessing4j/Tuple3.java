package org.multiprocessing4j;

/**
 * A triple of arguments; see {@link Tuple}.
 *
 * <pre>{@code
 * Tuple3<Integer, Integer, Integer> t = Tuple.of(1, 2, 3);
 * }</pre>
 *
 * @param first the first item
 * @param second the second item
 * @param third the third item
 * @param <A> the first item's type
 * @param <B> the second item's type
 * @param <C> the third item's type
 */
public record Tuple3<A, B, C>(A first, B second, C third) implements Tuple {
    @Override
    public int size() {
        return 3;
    }

    @Override
    public String toString() {
        return "(" + first + ", " + second + ", " + third + ")";
    }
}
