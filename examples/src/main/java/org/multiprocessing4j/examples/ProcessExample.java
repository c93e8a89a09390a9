package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * The seed's Process basics: start, join, isAlive and the exit code of a child JVM.
 *
 * <pre>{@code
 * ./mp4j example Process
 * }</pre>
 */
public final class ProcessExample {
    private ProcessExample() {}

    static void greet(String who) {
        System.out.println("Hello " + who + " from " + Multiprocessing.currentProcess().name()
                + " (parent: " + Multiprocessing.parentProcess().name() + ")");
    }

    public static void main(String[] args) throws Exception {
        Process p = new Process(() -> greet("world"));
        p.start();
        System.out.println("Started " + p.name() + ", alive: " + p.isAlive());
        p.join();
        System.out.println(p.name() + " exit code: " + p.exitCode().orElseThrow() + ", alive: " + p.isAlive());
    }
}
