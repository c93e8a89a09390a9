package org.multiprocessing4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Multiprocessing;

/**
 * {@code ./mp4j cluster-demo}: the seed's twelve examples, unchanged, on three member JVMs started
 * for the run; their output is the seed's.
 */
class ClusterDemoTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theSeedsExamplesRunUnchangedOnTheCluster() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(copy, true, StandardCharsets.UTF_8));
        try {
            ClusterDemo.main(new String[0]);
        } finally {
            Multiprocessing.setContext(Multiprocessing.getContext("spawn"));
            System.setOut(out);
        }
        String text = copy.toString(StandardCharsets.UTF_8);
        out.print(text);
        SeedOutput.check(text);
    }
}
