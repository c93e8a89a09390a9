package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Process;

/**
 * The seed's Condition example: three consumers wait until the producer notifies them all.
 *
 * <pre>{@code
 * ./mp4j example Condition
 * }</pre>
 */
public final class ConditionExample {
    private ConditionExample() {}

    static void consumer(Condition cond, int workerId) throws InterruptedException {
        try (var _ = cond.hold()) {
            System.out.println("Worker " + workerId + " waiting for condition");
            cond.await();   // wait until the condition is notified (Python: cond.wait())
            System.out.println("Worker " + workerId + " received the condition");
        }
    }

    static void producer(Condition cond) throws InterruptedException {
        Thread.sleep(2000);
        try (var _ = cond.hold()) {
            System.out.println("Producer is notifying all workers");
            cond.signalAll();   // Python: cond.notify_all()
        }
    }

    public static void main(String[] args) throws Exception {
        Condition cond = new Condition();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            processes.add(new Process(() -> consumer(cond, id)));
        }
        for (Process p : processes) {
            p.start();
        }
        Process producer = new Process(() -> producer(cond));
        producer.start();
        for (Process p : processes) {
            p.join();
        }
        producer.join();
    }
}
