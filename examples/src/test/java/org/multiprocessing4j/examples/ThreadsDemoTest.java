package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./mp4j demo --context threads}: the seed's twelve examples, unchanged, in a JVM started
 * with {@code -Dmp4j.context=threads}, where every process, pool worker and shared object is a
 * thread or object of that one JVM; their output is the seed's.
 */
class ThreadsDemoTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theSeedsExamplesRunUnchangedOnThreads() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dmp4j.context=threads", "-cp", System.getProperty("java.class.path"), Demo.class.getName()))
                .redirectErrorStream(true);
        Process demo = pb.start();
        String text;
        try {
            demo.getOutputStream().close();
            text = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, demo.waitFor(), text);
        } finally {
            destroy(demo);
        }
        System.out.print(text);
        SeedOutput.check(text);
        assertFalse(text.contains("Exception"), text);
    }

    /** Kills the demo JVM if it still runs (the test failed or timed out) and waits for it. */
    private static void destroy(Process demo) throws InterruptedException, IOException {
        if (demo.isAlive()) {
            demo.destroyForcibly();
            demo.waitFor();
        }
        demo.getInputStream().close();
    }
}
