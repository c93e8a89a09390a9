package org.multiprocessing4j.internal.child;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.shm.ProcessIdentity;
import org.multiprocessing4j.internal.shm.SharedSegments;

class WarmUpTest {
    @Test
    void theWarmUpLeavesNoSharedMemoryFilesBehind() throws IOException {
        Set<String> before = mine();
        WarmUp.run();
        assertEquals(before, mine());
    }

    private static Set<String> mine() throws IOException {
        String prefix = SharedSegments.PREFIX + ProcessIdentity.pid() + "-";
        try (Stream<Path> files = Files.list(SharedSegments.directory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
        }
    }
}
