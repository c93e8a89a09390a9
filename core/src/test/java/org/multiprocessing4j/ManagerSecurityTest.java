package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * A manager's authentication against peers without the key: wrong keys from a process already
 * connected with the right one, and connections that never authenticate. Each test runs a real
 * manager server process, reached over TCP.
 */
@ExtendWith(ChildCleanup.class)
class ManagerSecurityTest {
    static final Duration HANG = ProcessTest.HANG;
    static final byte[] KEY = "manager security key".getBytes();

    @Test
    void aWrongKeyIsRefusedEveryTimeEvenWhileARightKeyConnectionIsOpen() {
        try (Manager manager = Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", manager.port());
            Manager right = Manager.connect(address, KEY);
            Map<String, Integer> d = right.dict();
            d.put("a", 1);
            for (int i = 0; i < 3; i++) {
                assertThrows(AuthenticationException.class, () -> Manager.connect(address, "wrong key".getBytes()),
                        "a wrong key was accepted on try " + i);
            }
            // the server still serves, and the right-key connection still works
            d.put("b", 2);
            assertEquals(Map.of("a", 1, "b", 2), Map.copyOf(d));
            assertEquals(0, Manager.connect(address, KEY).dict().size());
        }
    }

    /** The manager process's thread count, from {@code /proc}. */
    static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("no Threads line in /proc/" + pid + "/status");
    }
}
