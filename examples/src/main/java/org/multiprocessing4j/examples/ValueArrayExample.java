package org.multiprocessing4j.examples;

import java.util.Arrays;
import org.multiprocessing4j.Array;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Value;

/**
 * The seed's Value and Array example: two processes increment a shared integer (under its lock)
 * and each element of a shared array.
 *
 * <pre>{@code
 * ./mp4j example ValueArray
 * }</pre>
 */
public final class ValueArrayExample {
    private ValueArrayExample() {}

    static void modifySharedData(IntValue sharedVal, IntArray sharedArr) throws InterruptedException {
        try (var _ = sharedVal.getLock().hold()) {   // lock to prevent race conditions
            sharedVal.set(sharedVal.get() + 1);
        }
        for (int i = 0; i < sharedArr.length(); i++) {   // increment each element of the shared array
            sharedArr.set(i, sharedArr.get(i) + 1);
        }
    }

    public static void main(String[] args) throws Exception {
        IntValue sharedVal = Value.ofInt(0);                // Python: Value('i', 0)
        IntArray sharedArr = Array.ofInts(1, 2, 3, 4, 5);   // Python: Array('i', [1, 2, 3, 4, 5])
        Process p1 = new Process(() -> modifySharedData(sharedVal, sharedArr));
        Process p2 = new Process(() -> modifySharedData(sharedVal, sharedArr));
        p1.start();
        p2.start();
        p1.join();
        p2.join();
        System.out.println("Final Value: " + sharedVal.get());
        System.out.println("Final Array: " + Arrays.toString(sharedArr.toArray()));
    }
}
