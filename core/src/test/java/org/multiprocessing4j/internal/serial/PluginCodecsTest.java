package org.multiprocessing4j.internal.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.DeserializationException;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * Plug-in codecs as core sees them without one on its class path (module {@code fory} tests a real
 * one): the default name works, an unknown name fails at the builder naming the codecs there are,
 * and a frame of a codec this JVM lacks fails decoding with a message that says what to add.
 */
@Timeout(120)
@ExtendWith(ChildCleanup.class)
class PluginCodecsTest {
    @Test
    void jdkIsTheDefaultAndAnUnknownNameFailsAtTheBuilder() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pool.builder().codec("fory"));
        assertTrue(e.getMessage().contains("\"fory\"") && e.getMessage().contains("codecs here: jdk")
                && e.getMessage().contains("multiprocessing4j-fory"), e.getMessage());
        try (Pool pool = Pool.builder().processes(1).codec("jdk").build()) {
            assertEquals(List.of(List.of(1), List.of(2)), pool.map(x -> List.of(x), List.of(1, 2)));
        }
    }

    @Test
    void aFrameOfACodecThisJvmLacksFailsNamingWhatToAdd() {
        byte[] frame = {70, 1, 2, 3};
        DeserializationException local = assertThrows(DeserializationException.class, () -> Serialization.fromFrame(frame));
        assertTrue(local.getMessage().contains("codec id 70") && local.getMessage().contains("class path"),
                local.getMessage());
        DeserializationException net = assertThrows(DeserializationException.class,
                () -> Serialization.fromNetworkFrame(frame));
        assertTrue(net.getMessage().contains("network channel"), net.getMessage());
        // the library's own ids below the plug-in range are not taken for plug-ins
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(new byte[] {63, 0}));
    }
}
