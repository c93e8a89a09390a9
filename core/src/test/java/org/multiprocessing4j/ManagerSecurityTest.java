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

    @Test
    void silentUnauthenticatedConnectionsAreClosedAfterTheDeadlineAndHoldFewThreads() throws Exception {
        try (Manager manager = Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", manager.port());
            Manager client = Manager.connect(address, KEY);
            Map<String, Integer> d = client.dict();
            d.put("before", 0);
            int baseline = threads(manager.pid());
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket();
                    s.connect(address, (int) HANG.toMillis());
                    s.setSoTimeout((int) HANG.toMillis());
                    silent.add(s);
                }
                // the server accepts in order: once the last one is answered (closed: the others
                // fill the connections allowed to authenticate), every one has been accepted
                assertEquals(-1, readSkippingChallenge(silent.getLast()), "the server sent data after the challenge");
                int during = threads(manager.pid());
                assertTrue(during <= baseline + 64 + 8, "200 silent connections made the manager's threads go "
                        + baseline + " -> " + during);
                // authenticated clients are served meanwhile
                d.put("during", 1);
                assertEquals(1, d.get("during"));
                // each silent one is closed by the server (its deadline), read as EOF here
                for (Socket s : silent) {
                    assertEquals(-1, readSkippingChallenge(s));
                }
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
            // and a new client (a process with no connection yet) authenticates afterwards
            int port = manager.port();
            Process late = new Process(() -> {
                Manager.connect(new InetSocketAddress("127.0.0.1", port), KEY).dict().put("x", 0);
                d.put("late", 2);
            });
            late.start();
            ManagerTest.joinOk(late);
            assertEquals(Map.of("before", 0, "during", 1, "late", 2), Map.copyOf(d));
        }
    }

    @Test
    void theHandshakeBoundsAreConfigurableAndChecked() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Manager.builder().handshakeTimeout(Duration.ZERO)).getMessage().contains("PT0S"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Manager.builder().maxPendingHandshakes(0)).getMessage().contains("got 0"));
        try (Manager manager = Manager.builder().listen(new InetSocketAddress("127.0.0.1", 0), KEY)
                .handshakeTimeout(Duration.ofMillis(500)).maxPendingHandshakes(2).start()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", manager.port());
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket s = new Socket();
                    s.connect(address, (int) HANG.toMillis());
                    s.setSoTimeout((int) HANG.toMillis());
                    silent.add(s);
                }
                for (Socket s : silent) {
                    assertEquals(-1, readSkippingChallenge(s)); // 3 at once, 2 after 500 ms
                }
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
            Map<String, Integer> d = Manager.connect(address, KEY).dict();
            d.put("k", 1);
            assertEquals(1, d.get("k"));
        }
    }

    /**
     * Reads the socket to its end, ignoring the challenge frame the server may have sent first.
     *
     * @return -1 at EOF, or the first byte after the challenge (a protocol surprise)
     */
    private static int readSkippingChallenge(Socket s) throws IOException {
        var in = new java.io.DataInputStream(s.getInputStream());
        int first;
        try {
            first = in.read();
            if (first < 0) {
                return -1;
            }
            // a challenge frame: 4-byte length, then its bytes
            int length = (first << 24) | (in.read() << 16) | (in.read() << 8) | in.read();
            in.readFully(new byte[length]);
            return in.read();
        } catch (java.net.SocketException e) {
            return -1; // reset by the server's close: ended too
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
