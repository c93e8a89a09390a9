package org.multiprocessing4j.internal.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The manager handshake on the wire, byte by byte, as {@link Wire}'s class comment states it
 * (CPython 3.12's {@code {sha256}} form): a peer written here from that description alone
 * authenticates a {@link Wire} server, and a wrong key is refused with {@code #FAILURE#}.
 */
class WireTest {
    private static final byte[] KEY = "wire key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    private static final byte[] SHA256 = ascii("{sha256}");

    @Test
    void theServerHandshakeIsCpython312sSha256Scheme() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<Void> server = serve(listener);
            try (SocketChannel ch = SocketChannel.open(listener.getLocalAddress())) {
                // the server's challenge: #CHALLENGE#, then the message {sha256} + 40 random bytes
                byte[] challenge = Wire.readFrame(ch);
                assertTrue(startsWith(challenge, CHALLENGE), "a challenge: " + new String(challenge, StandardCharsets.ISO_8859_1));
                byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
                assertTrue(startsWith(message, SHA256), "the {sha256} prefix is sent");
                assertEquals(SHA256.length + 40, message.length);
                // the answer: {sha256} + HMAC-SHA256(key, message), the prefix included
                Wire.writeFrame(ch, concat(SHA256, hmac(KEY, message)));
                assertArrayEquals(ascii("#WELCOME#"), Wire.readFrame(ch));
                // then the client challenges the server the same way
                byte[] ours = concat(SHA256, new byte[40]);
                Arrays.fill(ours, SHA256.length, ours.length, (byte) 7);
                Wire.writeFrame(ch, concat(CHALLENGE, ours));
                assertArrayEquals(concat(SHA256, hmac(KEY, ours)), Wire.readFrame(ch));
                Wire.writeFrame(ch, ascii("#WELCOME#"));
                server.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aWrongKeyIsRefusedWithFailure() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<Void> server = serve(listener);
            try (SocketChannel ch = SocketChannel.open(listener.getLocalAddress())) {
                byte[] challenge = Wire.readFrame(ch);
                byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
                Wire.writeFrame(ch, concat(SHA256, hmac(ascii("another key"), message)));
                assertArrayEquals(ascii("#FAILURE#"), Wire.readFrame(ch));
                var e = assertThrows(ExecutionException.class, () -> server.get(60, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof Wire.AuthenticationException, "refused: " + e.getCause());
            }
        }
    }

    @Test
    void aWireClientAndAWireServerAuthenticateEachOther() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<Void> server = serve(listener);
            try (SocketChannel ch = SocketChannel.open(listener.getLocalAddress())) {
                Wire.clientHandshake(ch, KEY);
                server.get(60, TimeUnit.SECONDS);
            }
            CompletableFuture<Void> refusing = serve(listener);
            try (SocketChannel ch = SocketChannel.open(listener.getLocalAddress())) {
                assertThrows(Wire.AuthenticationException.class, () -> Wire.clientHandshake(ch, ascii("another key")));
                assertThrows(ExecutionException.class, () -> refusing.get(60, TimeUnit.SECONDS));
            }
        }
    }

    /** Accepts one connection and runs the server's handshake on it with {@link #KEY}. */
    private static CompletableFuture<Void> serve(ServerSocketChannel listener) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (SocketChannel ch = listener.accept()) {
                Wire.serverHandshake(ch, KEY);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
