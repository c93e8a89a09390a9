package org.multiprocessing4j.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs every example of the seed that exists so far, one after the other, each under a heading.
 *
 * <pre>{@code
 * ./mp4j demo
 * }</pre>
 */
public final class Demo {
    private Demo() {}

    /** A runnable example's main method. */
    @FunctionalInterface
    interface Example {
        void main(String[] args) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Example> examples = new LinkedHashMap<>();
        examples.put("Pool.map", PoolMapExample::main);
        examples.put("Pool.starmap", PoolStarmapExample::main);
        examples.put("Process", ProcessExample::main);
        examples.put("Value and Array", ValueArrayExample::main);
        examples.put("Queue", QueueExample::main);
        examples.put("Pipe", PipeExample::main);
        examples.put("Manager", ManagerExample::main);
        examples.put("Lock", LockExample::main);
        examples.put("Semaphore", SemaphoreExample::main);
        examples.put("Event", EventExample::main);
        examples.put("Condition", ConditionExample::main);
        examples.put("Barrier", BarrierExample::main);
        for (var e : examples.entrySet()) {
            System.out.println("=== " + e.getKey() + " ===");
            e.getValue().main(args);
            System.out.println();
        }
    }
}
