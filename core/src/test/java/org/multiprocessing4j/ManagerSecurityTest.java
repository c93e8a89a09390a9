package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
        try (Manager manager = Manager.builder().listen(new InetSocketAddress("127.0.0.1", 0), KEY)
                .handshakeTimeout(Duration.ofSeconds(1)).start()) { // the default 64 places, a short deadline
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
                // the server accepts 64 at a time, the next 64 when their deadline closed them: while
                // the last ones wait for their turn, at most 64 hold a thread
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
                    assertEquals(-1, readSkippingChallenge(s)); // 2 at a time, each after its 500 ms
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

    @Test
    void aClientBeyondTheHandshakeBoundWaitsForAPlaceInsteadOfBeingRefused() throws Exception {
        try (Manager manager = Manager.builder().listen(new InetSocketAddress("127.0.0.1", 0), KEY)
                .handshakeTimeout(Duration.ofSeconds(1)).maxPendingHandshakes(1).start();
                Socket silent = new Socket()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", manager.port());
            silent.connect(address, (int) HANG.toMillis());
            silent.setSoTimeout((int) HANG.toMillis());
            // its challenge came: it holds the one place to authenticate, and says nothing
            readFrame(new java.io.DataInputStream(silent.getInputStream()));
            // a legitimate client (this JVM has no connection to this manager yet) arrives
            // meanwhile: it is served once the silent one's deadline frees the place, not
            // closed at once and told the manager is gone
            Map<String, Integer> d = Manager.connect(address, KEY).dict();
            d.put("k", 1);
            assertEquals(1, d.get("k"));
            assertEquals(-1, readSkippingChallenge(silent), "the silent connection was closed at its deadline");
        }
    }

    @Test
    void theManagerHandshakeIsCpythonsSha256SchemeBothWaysAndRefusesMd5() throws Exception {
        try (Manager manager = Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY);
                Socket s = new Socket("127.0.0.1", manager.port())) {
            s.setSoTimeout((int) HANG.toMillis());
            var in = new java.io.DataInputStream(s.getInputStream());
            var out = new java.io.DataOutputStream(s.getOutputStream());
            // the server challenges: #CHALLENGE#{sha256} and 40 random bytes (CPython 3.12's deliver_challenge)
            byte[] challenge = readFrame(in);
            String head = new String(challenge, 0, Math.min(challenge.length, 19), StandardCharsets.US_ASCII);
            assertEquals("#CHALLENGE#{sha256}", head, "the manager's challenge is not CPython's {sha256} one");
            assertEquals(11 + 8 + 40, challenge.length);
            byte[] message = Arrays.copyOfRange(challenge, 11, challenge.length);
            writeFrame(out, concat("{sha256}".getBytes(StandardCharsets.US_ASCII), hmac("HmacSHA256", message)));
            assertEquals("#WELCOME#", new String(readFrame(in), StandardCharsets.US_ASCII));
            // then the client challenges the server, which answers with the {sha256} prefix
            byte[] mine = concat("{sha256}".getBytes(StandardCharsets.US_ASCII), new byte[40]);
            new java.security.SecureRandom().nextBytes(mine);
            System.arraycopy("{sha256}".getBytes(StandardCharsets.US_ASCII), 0, mine, 0, 8);
            writeFrame(out, concat("#CHALLENGE#".getBytes(StandardCharsets.US_ASCII), mine));
            assertArrayEquals(concat("{sha256}".getBytes(StandardCharsets.US_ASCII), hmac("HmacSHA256", mine)),
                    readFrame(in));
            writeFrame(out, "#WELCOME#".getBytes(StandardCharsets.US_ASCII));
        }
        try (Manager manager = Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY);
                Socket s = new Socket("127.0.0.1", manager.port())) {
            s.setSoTimeout((int) HANG.toMillis());
            var in = new java.io.DataInputStream(s.getInputStream());
            var out = new java.io.DataOutputStream(s.getOutputStream());
            byte[] challenge = readFrame(in);
            // a legacy (CPython 3.11) HMAC-MD5 answer, right key and all, is refused on a manager
            writeFrame(out, hmac("HmacMD5", Arrays.copyOfRange(challenge, 11, challenge.length)));
            assertEquals("#FAILURE#", new String(readFrame(in), StandardCharsets.US_ASCII));
            assertEquals(-1, in.read(), "the server kept a connection that failed the handshake");
        }
    }

    private static byte[] hmac(String algorithm, byte[] message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance(algorithm);
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, algorithm));
        return mac.doFinal(message);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] readFrame(java.io.DataInputStream in) throws IOException {
        int length = in.readInt();
        assertTrue(length >= 0 && length <= 256, "handshake frame length=" + length);
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    private static void writeFrame(java.io.DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
        out.flush();
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
