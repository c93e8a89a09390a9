package org.multiprocessing4j;

/**
 * A pair of arguments; see {@link Tuple}.
 *
 * <pre>{@code
 * Tuple2<Integer, Integer> t = Tuple.of(1, 2);
 * }</pre>
 *
 * @param first the first item
 * @param second the second item
 * @param <A> the first item's type
 * @param <B> the second item's type
 */
public record Tuple2<A, B>(A first, B second) implements Tuple {
    @Override
    public int size() {
        return 2;
    }

    @Override
    public String toString() {
        return "(" + first + ", " + second + ")";
    }
}
