package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the seed's twelve examples print, in any context: the checks of the demo tests. */
final class SeedOutput {
    private SeedOutput() {}

        /**
     * Runs the {@link Demo} in a JVM of its own with {@code options} (system properties, say),
     * on this test's class path; checks that it exits with 0, prints the seed's output and no
     * exception; returns its output.
     */
    static String runDemo(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Demo.class.getName()));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text;
        try {
            demo.getOutputStream().close();
            text = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, demo.waitFor(), text);
        } finally {
            if (demo.isAlive()) { // the test failed or timed out
                demo.destroyForcibly();
                demo.waitFor();
            }
            demo.getInputStream().close();
        }
        System.out.print(text);
        check(text);
        assertFalse(text.contains("Exception"), text);
        return text;
    }

/** Asserts that {@code text}, the output of {@link Demo}, is the seed's. */
    static void check(String text) {
        expect(text, "[0.2672612419124244, 0.5345224838248488, 0.8017837257372732]",
                "[0.5025707110324167, 0.5743665268941905, 0.6461623427559643]",
                "[2, 4, 6, 8]",
                "Final Value: 2",
                "Worker 1 received: Worker 2 multiplied value by 5 and got 50",
                "Main process setting the event", "Producer is notifying all workers");
        // Two processes insert into each nested dict, which keeps insertion order (as Python's):
        // the first to run comes first. Child JVMs start in order, slowly enough that it is key1;
        // threads race (and CPython's processes could too).
        for (String[] d : new String[][] {{"key1=12", "key2=13"}, {"key1=22", "key2=23"}}) {
            String inOrder = "{" + d[0] + ", " + d[1] + "}";
            String swapped = "{" + d[1] + ", " + d[0] + "}";
            assertTrue(text.lines().anyMatch(l -> l.equals(inOrder) || l.equals(swapped)),
                    "printed '" + inOrder + "' (or in the other order):\n" + text);
        }
        for (String fruit : List.of("apple", "banana", "cherry", "dog", "elephant", "frog")) {
            expect(text, "Producer put: " + fruit, "Consumer got: " + fruit);
        }
        for (int i = 0; i < 5; i++) {
            expect(text, "Process " + i + ": Accessing shared resource", "Worker " + i + " is done");
        }
        for (int i = 0; i < 3; i++) {
            expect(text, "Worker " + i + " received the event!", "Worker " + i + " received the condition",
                    "Worker " + i + " passed the barrier");
        }
        assertTrue(text.contains("exit code: 0"), text);
        // The seed adds 1 to each element from two processes without the lock: they can race, so
        // each element gained 1 or 2 ([3, 4, 5, 6, 7] when they did not race).
        String array = text.lines().filter(l -> l.startsWith("Final Array: [")).findFirst().orElseThrow();
        String[] elements = array.substring("Final Array: [".length(), array.length() - 1).split(", ");
        for (int i = 0; i < 5; i++) {
            int e = Integer.parseInt(elements[i]);
            assertTrue(e == i + 2 || e == i + 3, array);
        }
        assertEquals(12, text.lines().filter(l -> l.startsWith("=== ")).count(), "twelve examples ran");
    }

    static void expect(String text, String... lines) {
        for (String line : lines) {
            assertTrue(text.lines().anyMatch(l -> l.equals(line)), "printed '" + line + "':\n" + text);
        }
    }
}
