package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.platform.Platforms;
import org.multiprocessing4j.internal.shm.SegmentHeader;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * Every contract suite of {@link LocalContractsTest} (its {@code @Nested} classes, inherited) on
 * the portable platform layer forced on this system: mapped files in a private folder, polling
 * waits, {@code ProcessHandle} identity. It runs only in core's surefire execution
 * {@code portable}, a JVM started with {@code -Dmp4j.platform=portable} and its
 * {@code java.io.tmpdir} in the build folder (so the default per-user folder,
 * {@code target/mp4j-shm-<user>}, is the one made and checked); the default execution excludes it.
 *
 * <p>Around the suites: this JVM and its children are on {@code portable}, children use this
 * JVM's folder (passed to them as {@code -Dmp4j.shm.dir}, since they do not inherit
 * {@code java.io.tmpdir}), and after the suites no segment of another process is left in the
 * folder (a dead child's resource tracker removes its segments at once; this JVM's go at its
 * exit).
 */
@ExtendWith(ChildCleanup.class)
class PortableContractsTest extends LocalContractsTest { // its nested classes shadow Queue, Pool...: names are qualified
    @BeforeAll
    static void theLayerIsPortable() {
        // skipped in a JVM on another layer (the default execution, if -Dtest names this class)
        assumeTrue("portable".equals(System.getProperty(Platforms.PROPERTY)), "runs in core's surefire execution"
                + " \"portable\" (-Dmp4j.platform=portable): mvn -pl core test -Dtest=NoSuch"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dmp4j.test.portable.skip=false runs it alone");
        assertEquals("portable", Multiprocessing.platform());
    }

    @Test
    void aChildIsOnTheSameLayerAndFolder() throws Exception {
        org.multiprocessing4j.Queue<List<String>> answer = new org.multiprocessing4j.Queue<>();
        org.multiprocessing4j.Process child = new org.multiprocessing4j.Process(() -> answer.put(List.of(Multiprocessing.platform(),
                SharedSegments.directory().toString())));
        child.start();
        try {
            assertEquals(List.of("portable", SharedSegments.directory().toString()), answer.get(ContextContract.HANG));
            assertTrue(child.join(ContextContract.HANG));
            assertEquals(0, child.exitCode().orElseThrow());
        } finally {
            answer.close();
        }
    }

    @AfterAll
    static void noSegmentOfAnotherProcessIsLeft() throws Exception {
        if (!"portable".equals(System.getProperty(Platforms.PROPERTY))) {
            return;
        }
        Path dir = SharedSegments.directory();
        long me = ProcessHandle.current().pid();
        // a child that has just died has its tracker remove its files a moment later
        boolean clean = Polling.await(() -> othersFiles(dir, me).isEmpty(), ContextContract.HANG.toNanos());
        assertTrue(clean, "left in " + dir + " by other processes: " + othersFiles(dir, me));
    }

    private static List<String> othersFiles(Path dir, long me) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(SharedSegments.PREFIX))
                    .filter(p -> ownerPid(p) != me).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The owner pid in a segment's header, or -1 if unreadable. */
    private static long ownerPid(Path p) {
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.read(header, 0);
            return header.position() >= 16 ? header.getLong(SegmentHeader.OWNER_PID_OFFSET) : -1;
        } catch (IOException e) {
            return -1; // removed meanwhile
        }
    }
}
