package com.example.app;

import com.example.model.Pricing;
import java.util.List;
import net.partner.dto.Order;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/** Runs a Process, a Pool.map over DTOs and a Queue, and prints what the launch-mode test checks. */
public final class Main {
    private Main() {}

    /** The lines a correct run prints. */
    public static List<String> run() throws InterruptedException {
        Queue<String> queue = new Queue<>();
        Process p = new Process(() -> {
            try {
                queue.put("hello from the child");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        p.start();
        String message = queue.get();
        p.join();
        List<Long> totals;
        try (Pool pool = new Pool(2)) {
            totals = pool.map(Pricing::total, List.of(new Order("a", 2, 150), new Order("b", 3, 1000)));
        }
        return List.of("QUEUE " + message, "EXIT " + p.exitCode().orElse(-1), "MAP " + totals,
                "PIDS " + ProcessHandle.current().pid() + " " + p.pid());
    }

    /** Prints the lines of {@link #run()}. */
    public static void main(String[] args) throws Exception {
        for (String line : run()) {
            System.out.println(line);
        }
    }
}
