package org.multiprocessing4j.internal.launch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The child command's heap defaults, which the user's own heap options replace. */
class JvmCommandTest {
    @Test
    void aChildStartsWithASmallHeapUnlessTheUserSizesIt() {
        assertTrue(JvmCommand.build(List.of(), List.of()).containsAll(JvmCommand.HEAP_DEFAULTS));
        for (String own : List.of("-Xmx32m", "-Xms1g", "-XX:MaxRAMPercentage=10", "-Xmn8m", "-XX:NewSize=4m")) {
            List<String> command = JvmCommand.build(List.of(), List.of(own));
            assertFalse(command.contains(JvmCommand.HEAP_DEFAULTS.getFirst()), own + ": " + command);
            assertTrue(command.contains(own));
            assertFalse(JvmCommand.build(List.of(own), List.of()).contains(JvmCommand.HEAP_DEFAULTS.getFirst()), own);
        }
        assertFalse(JvmCommand.sizesHeap(List.of("-XX:+UseSerialGC", "-Dxmx=1")));
    }
}
