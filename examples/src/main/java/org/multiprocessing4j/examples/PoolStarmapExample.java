package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Tuple;

/**
 * The seed's Pool.starmap example: add the pairs in a pool of four worker processes.
 *
 * <pre>{@code
 * ./mp4j example PoolStarmap
 * }</pre>
 */
public final class PoolStarmapExample {
    private PoolStarmapExample() {}

    static int f(int arg1, int arg2) {
        return arg1 + arg2;
    }

    public static void main(String[] args) throws Exception {
        var pairs = List.of(Tuple.of(1, 1), Tuple.of(2, 2), Tuple.of(3, 3), Tuple.of(4, 4));
        try (Pool p = new Pool(4)) {   // create a pool with 4 worker processes
            List<Integer> results = p.starmap(PoolStarmapExample::f, pairs);
            System.out.println(results);   // OUTPUT: [2, 4, 6, 8]
        }
    }
}
