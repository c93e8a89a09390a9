package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multiprocessing4j.SharedValuesTest.HANG;
import static org.multiprocessing4j.SharedValuesTest.assertThrowsWith;
import static org.multiprocessing4j.SharedValuesTest.runChildren;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/** SharedMemory with real child JVMs. */
@ExtendWith(ChildCleanup.class)
class SharedMemoryTest {
    private static final long PID = ProcessHandle.current().pid();

    static Path file(String name) {
        return SharedSegments.directory().resolve(SharedSegments.fileName(name));
    }

    @Test
    void aChildAttachesByNameAndByHandleAndSeesTheSameBytes() throws Exception {
        try (var out = CapturedOutput.stdout(); SharedMemory shm = SharedMemory.create(4096)) {
            assertEquals(4096, shm.size());
            assertTrue(Files.exists(file(shm.name())), shm.name());
            shm.segment().set(ValueLayout.JAVA_INT, 0, 42);
            shm.buffer().put(8, (byte) 7);
            assertEquals(42, shm.buffer().getInt(0), "the buffer is in native order, like the segment");
            String name = shm.name();
            runChildren(() -> {
                try (SharedMemory other = SharedMemory.attach(name)) {
                    System.out.println("child-read=" + other.segment().get(ValueLayout.JAVA_INT, 0) + ","
                            + other.buffer().get(8) + "," + other.size());
                    other.segment().set(ValueLayout.JAVA_INT, 4, 99);
                }
            }, () -> shm.segment().set(ValueLayout.JAVA_LONG, 16, 1234L)); // the captured object attaches by name
            assertEquals("42,7,4096", out.awaitValue("child-read=", HANG));
            assertEquals(99, shm.segment().get(ValueLayout.JAVA_INT, 4));
            assertEquals(1234L, shm.buffer().getLong(16));
            shm.unlink();
            assertFalse(Files.exists(file(name)));
        }
    }

    @Test
    void aNamedBlockIsCreatedOnceAttachedAndUnlinked() throws Exception {
        String name = "mp4jtest-" + PID + "-named";
        SharedMemory shm = SharedMemory.create(name, 100);
        try {
            assertEquals(name, shm.name());
            Path path = file(name);
            assertEquals("mp4j-" + name, path.getFileName().toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            runChildren(() -> {
                try (SharedMemory other = SharedMemory.attach(name)) {
                    other.buffer().put("hello".getBytes(StandardCharsets.US_ASCII));
                }
            });
            byte[] got = new byte[5];
            shm.buffer().get(got);
            assertEquals("hello", new String(got, StandardCharsets.US_ASCII));
            assertThrowsWith(IllegalStateException.class, "already exists", () -> SharedMemory.create(name, 10));
            try (SharedMemory prefixed = SharedMemory.attach("mp4j-" + name)) {
                assertEquals('h', prefixed.buffer().get(0));
            }
            shm.unlink();
            assertFalse(Files.exists(path));
            shm.unlink(); // idempotent
            assertThrows(NoSuchElementException.class, () -> SharedMemory.attach(name));
            assertEquals('h', shm.buffer().get(0), "an unlinked block stays mapped");
            try (SharedMemory again = SharedMemory.create(name, 10)) {
                assertEquals(0, again.buffer().get(0), "a new block of the old name is new memory");
                again.unlink();
            }
        } finally {
            shm.close();
            shm.unlink();
        }
    }

    @Test
    void closeMakesViewsThrowInsteadOfCrashingAndKeepsOtherHandlesOfTheProcess() {
        SharedMemory a = SharedMemory.create(64);
        SharedMemory b = SharedMemory.attach(a.name());
        MemorySegment view = a.segment();
        ByteBuffer buffer = a.buffer();
        a.close();
        a.close(); // idempotent
        assertTrue(a.isClosed());
        assertThrowsWith(IllegalStateException.class, "is closed", a::segment);
        assertThrowsWith(IllegalStateException.class, "is closed", a::buffer);
        assertEquals(64, a.size());
        b.segment().set(ValueLayout.JAVA_INT, 0, 5); // the name is mapped once per process: b keeps it mapped
        assertEquals(5, view.get(ValueLayout.JAVA_INT, 0));
        b.close();
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_INT, 0));
        assertThrows(IllegalStateException.class, () -> buffer.getInt(0));
        assertTrue(Files.exists(file(a.name())), "close does not unlink");
        a.unlink();
        assertFalse(Files.exists(file(a.name())));
    }

    @Test
    void badSizesNamesAndMissingNamesGiveClearErrors() {
        assertThrowsWith(IllegalArgumentException.class, "size=0", () -> SharedMemory.create(0));
        assertThrowsWith(IllegalArgumentException.class, "size=-1", () -> SharedMemory.create("mp4jtest-neg", -1));
        assertThrowsWith(IllegalArgumentException.class, "name=a/b", () -> SharedMemory.create("a/b", 10));
        assertThrowsWith(IllegalArgumentException.class, "name=", () -> SharedMemory.create("", 10));
        assertThrowsWith(IllegalArgumentException.class, "200", () -> SharedMemory.create("x".repeat(201), 10));
        assertThrowsWith(IllegalArgumentException.class, "name=..", () -> SharedMemory.attach(".. /etc"));
        assertThrows(NullPointerException.class, () -> SharedMemory.create(null, 10));
        assertThrows(NullPointerException.class, () -> SharedMemory.attach(null));
        String missing = "mp4jtest-" + PID + "-missing";
        assertThrowsWith(NoSuchElementException.class, missing, () -> SharedMemory.attach(missing));
        String huge = "mp4jtest-" + PID + "-huge";
        assertThrowsWith(IllegalStateException.class, "free space", () -> SharedMemory.create(huge, Long.MAX_VALUE / 4));
        assertFalse(Files.exists(file(huge)), "a failed creation leaves no file");
    }

    @Test
    void memoryAChildCreatedIsUnlinkedWhenTheChildExits() throws Exception {
        String kept = "mp4jtest-" + PID + "-child-kept";
        String closed = "mp4jtest-" + PID + "-child-closed";
        try (var out = CapturedOutput.stdout()) {
            runChildren(() -> {
                SharedMemory a = SharedMemory.create(kept, 10);
                SharedMemory b = SharedMemory.create(closed, 10);
                b.close(); // closed, not unlinked
                System.out.println("created=" + Files.exists(file(a.name())) + "," + Files.exists(file(b.name())));
            });
            assertEquals("true,true", out.awaitValue("created=", HANG));
        }
        assertFalse(Files.exists(file(kept)));
        assertFalse(Files.exists(file(closed)));
    }
}
