package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;

/**
 * The seed's Lock example: five processes print one at a time.
 *
 * <pre>{@code
 * ./mp4j example Lock
 * }</pre>
 */
public final class LockExample {
    private LockExample() {}

    static void worker(Lock lock, String sharedResource) throws InterruptedException {
        try (var _ = lock.hold()) {   // acquire the lock before accessing the shared resource
            System.out.println(sharedResource + ": Accessing shared resource");
        }
    }

    public static void main(String[] args) throws Exception {
        Lock lock = new Lock();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String resource = "Process " + i;
            processes.add(new Process(() -> worker(lock, resource)));
        }
        for (Process p : processes) {
            p.start();
        }
        for (Process p : processes) {
            p.join();
        }
    }
}
