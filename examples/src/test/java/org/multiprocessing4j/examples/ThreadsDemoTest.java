package org.multiprocessing4j.examples;

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
        SeedOutput.runDemo("-Dmp4j.context=threads");
    }
}
