package org.multiprocessing4j.internal.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.ChildCleanup;

/** The chunk-file bookkeeping of {@link Channel}: reuse of files, and a writer that dies at the worst moment. */
@ExtendWith(ChildCleanup.class)
class ChannelTest {
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final long HANG_NANOS = HANG.toNanos();
    /** The exit code of a writer stopped by the test hook. */
    private static final int DIED = 77;

    @Test
    void aChunkFileTakenByAWriterThatDiedBeforeMappingItIsGivenBackByTheNextWriter() throws Exception {
        Channel ch = Channel.create(4096);
        // a few chunks through, so that the free list holds files
        for (int i = 0; i < 8; i++) {
            byte[] m = message(3000, i);
            ch.send(m, 0, m.length);
            assertArrayEquals(m, ch.receive(HANG_NANOS, false));
        }
        int free = ch.freeSlots();
        int files = ch.slotCount();
        assertTrue(free >= 1, "free=" + free);

        String name = ch.name();
        Process writer = new Process(() -> {
            // killed between taking a chunk file and putting it in the table
            ChunkFiles.afterTakeSlot = () -> Runtime.getRuntime().halt(DIED);
            Channel w = Channel.attach(name);
            byte[] m = message(5000, -1); // longer than a chunk: it needs a new one
            w.send(m, 0, m.length);
        });
        writer.start();
        assertTrue(writer.join(HANG));
        assertEquals(OptionalInt.of(DIED), writer.exitCode());
        assertEquals(free - 1, ch.freeSlots(), "the dead writer took a file off the free list");
        assertTrue(ch.isEmpty(), "the dead writer's message must not be visible");

        // the next writer recovers the write lock and, taking a file, gives the dead one's back
        for (int i = 0; i < 8; i++) {
            byte[] m = message(3000, 100 + i);
            ch.send(m, 0, m.length);
            assertArrayEquals(m, ch.receive(HANG_NANOS, false));
        }
        assertTrue(ch.isEmpty());
        assertEquals(free, ch.freeSlots(), "the file the dead writer took is back on the free list");
        assertEquals(files, ch.slotCount(), "no new file was needed");
    }

    @Test
    void chunksAreKeptForReuseUpToSixtyFourMebibytesSoABurstOfLargeMessagesMakesNoNewFilesTheSecondTime() throws Exception {
        Channel ch = Channel.create(1 << 18); // 256 KiB chunks: up to 64 free files are kept
        try {
            byte[] big = new byte[(1 << 20) + 100]; // spans five chunks
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 8; i++) { // 8 MiB in flight
                    big[0] = (byte) i;
                    ch.send(big, 0, big.length);
                }
                for (int i = 0; i < 8; i++) {
                    byte[] got = ch.receive(HANG_NANOS, false, 0);
                    assertEquals(big.length, got.length);
                    assertEquals((byte) i, got[0], "order");
                }
                if (round == 0) {
                    assertTrue(ch.freeSlots() > ChunkFiles.FREE_MIN, "a burst's files are kept: " + ch.freeSlots());
                }
            }
            int files = ch.slotCount();
            assertTrue(files <= 36, "the second burst reused the first's files: " + files + " files");
        } finally {
            ch.destroy();
        }
        Channel large = Channel.create(1 << 22); // 4 MiB chunks: 16 files are kept
        try {
            byte[] m = new byte[(1 << 22) + 1];
            for (int i = 0; i < 20; i++) { // about 21 files: the stream runs through them
                large.send(m, 0, m.length);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(m.length, large.receive(HANG_NANOS, false, 0).length);
            }
            assertEquals(ChunkFiles.FREE_BYTES >> 22, large.freeSlots(), "4 MiB chunks keep 64 MiB");
        } finally {
            large.destroy();
        }
        large.destroy(); // idempotent
    }

    private static byte[] message(int length, int seed) {
        byte[] m = new byte[length];
        Arrays.fill(m, (byte) seed);
        m[0] = (byte) (seed >>> 8);
        return m;
    }
}
