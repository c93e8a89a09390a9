package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.sync.Polling;

/**
 * {@code ./mp4j demo} on the portable platform layer forced on this system: the seed's twelve
 * examples, unchanged, in a JVM started with {@code -Dmp4j.platform=portable} (mapped files in a
 * private folder, polling waits, no native call), with its temporary folder a fresh one so that
 * the layer's default segment folder is made there; their output is the seed's, and once the demo
 * and its children have exited no segment file is left in that folder.
 */
class PortableDemoTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theSeedsExamplesRunUnchangedOnThePortableLayerAndLeaveNoSegment(@TempDir Path tmp) throws Exception {
        SeedOutput.runDemo("-Dmp4j.platform=portable", "-Djava.io.tmpdir=" + tmp);

        Path folder;
        try (Stream<Path> made = Files.list(tmp)) {
            folder = made.filter(p -> p.getFileName().toString().startsWith("mp4j-shm-")).findFirst().orElseThrow();
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        // a normal exit unlinks what each process owned; a resource tracker may still be finishing
        assertTrue(Polling.await(() -> files(folder).isEmpty(), TimeUnit.SECONDS.toNanos(30)),
                "left in " + folder + ": " + files(folder));
    }

    private static List<String> files(Path folder) {
        try (Stream<Path> in = Files.list(folder)) {
            return in.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
