package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Semaphore;

/**
 * The seed's Semaphore example: five workers, at most two using the resource at a time.
 *
 * <pre>{@code
 * ./mp4j example Semaphore
 * }</pre>
 */
public final class SemaphoreExample {
    private SemaphoreExample() {}

    static void worker(Semaphore sem, int workerId) throws InterruptedException {
        try (var _ = sem.hold()) {   // acquire the semaphore
            System.out.println("Worker " + workerId + " is accessing the resource");
            Thread.sleep(1000);       // simulate work
        }
        System.out.println("Worker " + workerId + " is done");
    }

    public static void main(String[] args) throws Exception {
        Semaphore sem = new Semaphore(2);   // allow up to 2 processes at the same time
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            processes.add(new Process(() -> worker(sem, id)));
        }
        for (Process p : processes) {
            p.start();
        }
        for (Process p : processes) {
            p.join();
        }
    }
}
