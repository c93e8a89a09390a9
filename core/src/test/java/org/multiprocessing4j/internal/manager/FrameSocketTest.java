package org.multiprocessing4j.internal.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Frames of every size across {@link FrameSocket}'s buffer, both ways, and the end of the peer. */
class FrameSocketTest {
    private static final int[] SIZES = {0, 1, 5, 16_379, 16_380, 16_381, 16_384, 40_000, 3 << 20};

    @Test
    void framesOfEverySizeGoBothWaysAndTheEndIsSeen() throws Exception {
        Path dir = Files.createTempDirectory("mp4j-frame-test");
        Path path = dir.resolve("socket");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (FrameSocket server = new FrameSocket(listener.accept())) {
                    while (true) {
                        byte[] frame = server.read();
                        server.write(frame);
                        if (frame.length > 0) { // a slow peer now and then: the reader blocks
                            Thread.sleep(frame[0] & 3);
                        }
                    }
                } catch (EOFException e) {
                    // the client closed: done
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Random random = new Random(6);
            try (FrameSocket client = new FrameSocket(SocketChannel.open(UnixDomainSocketAddress.of(path)))) {
                for (int round = 0; round < 3; round++) {
                    for (int size : SIZES) {
                        byte[] frame = new byte[size];
                        random.nextBytes(frame);
                        client.write(frame);
                        assertArrayEquals(frame, client.read(), "size=" + size);
                    }
                }
                for (int i = 0; i < 2_000; i++) { // back-to-back small calls
                    byte[] frame = {(byte) i, (byte) (i >> 8), 4};
                    client.write(frame);
                    assertArrayEquals(frame, client.read());
                }
            }
            echo.get(60, TimeUnit.SECONDS);
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void aClosedPeerIsAnEndOfFile() throws Exception {
        Path dir = Files.createTempDirectory("mp4j-frame-test");
        Path path = dir.resolve("socket");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            SocketChannel peer = SocketChannel.open(UnixDomainSocketAddress.of(path));
            try (FrameSocket server = new FrameSocket(listener.accept())) {
                CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(50); // the reader has given up trying and blocks
                        peer.close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertThrows(EOFException.class, server::read);
            }
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }
}
