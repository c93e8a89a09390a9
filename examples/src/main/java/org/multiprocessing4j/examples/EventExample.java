package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Process;

/**
 * The seed's Event example: three workers wait until the main process sets the event.
 *
 * <pre>{@code
 * ./mp4j example Event
 * }</pre>
 */
public final class EventExample {
    private EventExample() {}

    static void worker(Event event, int workerId) throws InterruptedException {
        System.out.println("Worker " + workerId + " waiting for event to be set");
        event.await();   // block until the event is set (Python: event.wait())
        System.out.println("Worker " + workerId + " received the event!");
    }

    public static void main(String[] args) throws Exception {
        Event event = new Event();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            processes.add(new Process(() -> worker(event, id)));
        }
        for (Process p : processes) {
            p.start();
        }
        Thread.sleep(2000);
        System.out.println("Main process setting the event");
        event.set();   // signal all processes to continue
        for (Process p : processes) {
            p.join();
        }
    }
}
