package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Listener and Client with Java peers and with the machine's real CPython. */
class ListenerClientTest {
    static final byte[] KEY = "shared secret".getBytes(StandardCharsets.UTF_8);

    /** Runs a python3 script; the caller reads its stdout and must destroy it if it lingers. */
    static java.lang.Process python(String script, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static void finish(java.lang.Process p) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("python3 did not finish");
        }
    }

    @Test
    void aCpythonClientAuthenticatesToOurListenerAndBytesFlowBothWays() throws Exception {
        try (Listener listener = new Listener(new InetSocketAddress("127.0.0.1", 0), KEY)) {
            int port = ((InetSocketAddress) listener.address()).getPort();
            java.lang.Process py = python("""
                    import sys
                    from multiprocessing.connection import Client
                    c = Client(('127.0.0.1', int(sys.argv[1])), authkey=sys.argv[2].encode())
                    c.send_bytes(b'hello from cpython')
                    print(c.recv_bytes().decode(), flush=True)
                    c.close()
                    """, String.valueOf(port), new String(KEY, StandardCharsets.UTF_8));
            try (SocketConnection c = listener.accept()) {
                assertEquals("hello from cpython", new String(c.recvBytes(), StandardCharsets.UTF_8));
                c.sendBytes("hello from java".getBytes(StandardCharsets.UTF_8));
                String line = new BufferedReader(new InputStreamReader(py.getInputStream())).readLine();
                assertEquals("hello from java", line);
            }
            finish(py);
            assertEquals(0, py.exitValue());
        }
    }

    @Test
    void ourClientAuthenticatesToACpythonListener() throws Exception {
        java.lang.Process py = python("""
                import sys
                from multiprocessing.connection import Listener
                with Listener(('127.0.0.1', 0), authkey=sys.argv[1].encode()) as l:
                    print(l.address[1], flush=True)
                    with l.accept() as c:
                        m = c.recv_bytes()
                        c.send_bytes(m.upper())
                """, new String(KEY, StandardCharsets.UTF_8));
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(py.getInputStream())).readLine().trim());
            try (SocketConnection c = Client.connect(new InetSocketAddress("127.0.0.1", port), KEY)) {
                c.sendBytes("shout".getBytes(StandardCharsets.UTF_8));
                assertEquals("SHOUT", new String(c.recvBytes(), StandardCharsets.UTF_8));
            }
            finish(py);
            assertEquals(0, py.exitValue());
        } finally {
            py.destroyForcibly();
        }
    }

    @Test
    void aWrongKeyIsRefusedOnBothSidesWithCpython() throws Exception {
        try (Listener listener = new Listener(new InetSocketAddress("127.0.0.1", 0), KEY)) {
            int port = ((InetSocketAddress) listener.address()).getPort();
            java.lang.Process py = python("""
                    import sys
                    from multiprocessing.connection import Client, AuthenticationError
                    try:
                        Client(('127.0.0.1', int(sys.argv[1])), authkey=b'wrong')
                        print('accepted', flush=True)
                    except AuthenticationError:
                        print('refused', flush=True)
                    """, String.valueOf(port));
            assertThrows(AuthenticationException.class, listener::accept);
            assertEquals("refused", new BufferedReader(new InputStreamReader(py.getInputStream())).readLine());
            finish(py);
        }
    }

    @Test
    void javaPeersOverAUnixSocketAndGarbageDoesNotStopTheListener() throws Exception {
        Path dir = Files.createTempDirectory("mp4j-listener-test");
        Path socket = dir.resolve("s");
        try (Listener listener = new Listener(UnixDomainSocketAddress.of(socket), KEY)) {
            // a peer that sends garbage instead of answering the challenge
            Thread garbage = Thread.ofPlatform().start(() -> {
                try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    ch.write(ByteBuffer.wrap(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}));
                    ch.read(ByteBuffer.allocate(128));
                } catch (IOException e) {
                    // dropped: expected
                }
            });
            assertThrows(Exception.class, listener::accept);
            garbage.join();
            Thread peer = Thread.ofPlatform().start(() -> {
                try (SocketConnection c = Client.connect(UnixDomainSocketAddress.of(socket), KEY)) {
                    c.send(List.of(1, 2, 3));
                    c.sendBytes(new byte[0]);
                    c.send(c.recv());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SocketConnection c = listener.accept()) {
                assertTrue(c.poll(Duration.ofSeconds(60)));
                assertEquals(List.of(1, 2, 3), c.recv());
                assertArrayEquals(new byte[0], c.recvBytes());
                c.send("echo me");
                assertEquals("echo me", c.recv());
                assertThrows(java.io.EOFException.class, c::recvBytes);
            }
            peer.join();
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        assertThrows(IllegalArgumentException.class, () -> new Listener(null, KEY));
    }
}
