package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Process;

/**
 * The seed's Manager example: four processes fill two managed dicts nested in a managed dict.
 *
 * <pre>{@code
 * ./mp4j example Manager
 * }</pre>
 */
public final class ManagerExample {
    private ManagerExample() {}

    static void f(Map<String, Map<String, Integer>> d, String key1, String key2, int value) {
        d.get(key1).put(key2, value + 1);   // updates the nested managed dict in place
    }

    record Arg(String key1, String key2, int value) implements java.io.Serializable {}

    public static void main(String[] args) throws Exception {
        try (Manager manager = Manager.start()) {   // create a manager and a dictionary of dictionaries
            Map<String, Map<String, Integer>> d = manager.dict();
            d.put("dict1", manager.dict());
            d.put("dict2", manager.dict());
            List<Arg> argList = List.of(new Arg("dict1", "key1", 11), new Arg("dict1", "key2", 12),
                    new Arg("dict2", "key1", 21), new Arg("dict2", "key2", 22));
            List<Process> processes = new ArrayList<>();
            for (Arg a : argList) {
                processes.add(new Process(() -> f(d, a.key1(), a.key2(), a.value())));
            }
            for (Process p : processes) {
                p.start();
            }
            for (Process p : processes) {
                p.join();
            }
            System.out.println(d.get("dict1"));   // print the dictionaries
            System.out.println(d.get("dict2"));
        }
    }
}
