package org.multiprocessing4j.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident set size, as the kernel counts it ({@code VmRSS} of
 * {@code /proc/self/status}: the pages of the heap, the code cache, metaspace, thread stacks and
 * mapped files that are in memory now). A read costs some 10 to 20 µs; where {@code /proc} is
 * missing (not Linux), it is this JVM's committed heap plus its non-heap use, a lower bound.
 *
 * <pre>{@code
 * if (ResidentMemory.bytes() > limit) retire();
 * }</pre>
 */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /**
     * The resident set size in bytes.
     *
     * @return the resident set size in bytes
     */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim();
                    int space = kb.indexOf(' ');
                    return Long.parseLong(space < 0 ? kb : kb.substring(0, space)) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: the JVM's own count below
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() + java.lang.management.ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    }
}
