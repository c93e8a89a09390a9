package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.Process;

/**
 * The seed's Barrier example: three workers wait for each other at the barrier.
 *
 * <pre>{@code
 * ./mp4j example Barrier
 * }</pre>
 */
public final class BarrierExample {
    private BarrierExample() {}

    static void worker(Barrier barrier, int workerId) throws Exception {
        System.out.println("Worker " + workerId + " waiting at the barrier");
        barrier.await();   // block until all processes have reached the barrier (Python: barrier.wait())
        System.out.println("Worker " + workerId + " passed the barrier");
    }

    public static void main(String[] args) throws Exception {
        Barrier barrier = new Barrier(3);   // a barrier for 3 processes
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            processes.add(new Process(() -> worker(barrier, id)));
        }
        for (Process p : processes) {
            p.start();
        }
        for (Process p : processes) {
            p.join();
        }
    }
}
