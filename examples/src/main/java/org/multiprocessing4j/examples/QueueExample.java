package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * The seed's Queue example: two producers fill a queue, then two consumers drain it.
 *
 * <pre>{@code
 * ./mp4j example Queue
 * }</pre>
 */
public final class QueueExample {
    private QueueExample() {}

    static void producer(Queue<String> q, List<String> items) throws InterruptedException {
        for (String item : items) {
            System.out.println("Producer put: " + item);
            q.put(item);
        }
    }

    static void consumer(Queue<String> q) throws InterruptedException {
        while (!q.empty()) {
            String item;
            try {
                item = q.getNowait(); // the other consumer may take the last item first
            } catch (org.multiprocessing4j.Empty e) {
                break;
            }
            System.out.println("Consumer got: " + item);
        }
    }

    public static void main(String[] args) throws Exception {
        Queue<String> q = new Queue<>();   // a queue to hold the results
        Process p1 = new Process(() -> producer(q, List.of("apple", "banana", "cherry")));
        Process p2 = new Process(() -> producer(q, List.of("dog", "elephant", "frog")));
        Process c1 = new Process(() -> consumer(q));
        Process c2 = new Process(() -> consumer(q));
        p1.start();
        p2.start();
        p1.join();
        p2.join();
        c1.start();
        c2.start();
        c1.join();
        c2.join();
    }
}
