package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample run inside a Surefire fork. */
class MainTest {
    @Test
    void runsInASurefireFork() throws Exception {
        List<String> lines = Main.run();
        for (String line : lines) {
            System.out.println(line);
        }
        assertEquals(List.of("QUEUE hello from the child", "EXIT 0", "MAP [300, 3000]"), lines.subList(0, 3));
    }
}
