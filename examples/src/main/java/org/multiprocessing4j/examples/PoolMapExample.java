package org.multiprocessing4j.examples;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.Pool;

/**
 * The seed's Pool.map example: normalize three arrays in a pool of three worker processes.
 *
 * <pre>{@code
 * ./mp4j example PoolMap
 * }</pre>
 */
public final class PoolMapExample {
    private PoolMapExample() {}

    static double[] f(double[] arr) {
        double norm = Math.sqrt(Arrays.stream(arr).map(x -> x * x).sum());
        return Arrays.stream(arr).map(x -> x / norm).toArray();
    }

    public static void main(String[] args) throws Exception {
        List<double[]> arrays = List.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[] {7, 8, 9});
        try (Pool p = new Pool(3)) {   // create a pool with 3 worker processes
            List<double[]> results = p.map(PoolMapExample::f, arrays);
            for (double[] r : results) {
                System.out.println(Arrays.toString(r));
            }
        }
    }
}
