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

    /**
     * Waits until the reader of {@code ch} blocks: {@link FrameSocket} makes its non-blocking
     * channel blocking only for a read (or write) that found nothing to do after trying. Polls,
     * since a channel has no notification for that; bounded, to catch a hang.
     */
    private static void awaitBlocking(SocketChannel ch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ch.isBlocking()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the reader never blocked");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void framesOfEverySizeGoBothWaysAndTheEndIsSeen() throws Exception {
        Path dir = Files.createTempDirectory("mp4j-frame-test");
        Path path = dir.resolve("socket");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            SocketChannel clientChannel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (FrameSocket server = new FrameSocket(listener.accept())) {
                    while (true) {
                        byte[] frame = server.read();
                        if (frame.length > 0 && (frame[0] & 3) != 0) {
                            // a slow peer now and then: answer only once the reader has given up
                            // trying and blocks (FrameSocket makes its channel blocking for that)
                            awaitBlocking(clientChannel);
                        }
                        server.write(frame);
                    }
                } catch (EOFException e) {
                    // the client closed: done
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Random random = new Random(6);
            try (FrameSocket client = new FrameSocket(clientChannel)) {
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
            SocketChannel accepted = listener.accept();
            try (FrameSocket server = new FrameSocket(accepted)) {
                CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                    try {
                        awaitBlocking(accepted); // the reader has given up trying and blocks
                        peer.close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertThrows(EOFException.class, server::read);
                closer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }
}
