package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multiprocessing4j.SharedValuesTest.HANG;
import static org.multiprocessing4j.SharedValuesTest.assertThrowsWith;
import static org.multiprocessing4j.SharedValuesTest.runChildren;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.sync.SharedMutex;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/** ShareableList with real child JVMs. */
@ExtendWith(ChildCleanup.class)
class ShareableListTest {
    private static final long PID = ProcessHandle.current().pid();

    static String describe(Object item) {
        return item == null ? "null" : item instanceof byte[] b ? "bytes" + Arrays.toString(b)
                : item.getClass().getSimpleName() + ":" + item;
    }

    @Test
    void aChildReadsAndSetsEveryKindOfItem() throws Exception {
        ShareableList list = ShareableList.of(1, 2L, 3.5, true, "howdy", new byte[] {1, 2}, null);
        String name = list.name();
        try (var out = CapturedOutput.stdout()) {
            runChildren(() -> {
                try (ShareableList same = ShareableList.attach(name)) {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < same.size(); i++) {
                        seen.add(describe(same.get(i)));
                    }
                    System.out.println("seen=" + seen);
                    same.set(0, 7);
                    same.set(4, "HOWDY");
                    same.set(6, "12345678"); // a null slot holds 8 bytes
                    same.set(5, new byte[] {9, 9, 9});
                    same.set(3, null);
                    try {
                        same.set(4, "much too long for the slot");
                        System.out.println("too-long=accepted");
                    } catch (IllegalArgumentException e) {
                        System.out.println("too-long=" + e.getMessage());
                    }
                }
            });
            runChildren(() -> list.set(1, -1L)); // after the reader: the captured list attaches by name
            assertEquals("[Integer:1, Long:2, Double:3.5, Boolean:true, String:howdy, bytes[1, 2], null]",
                    out.awaitValue("seen=", HANG));
            assertTrue(out.awaitValue("too-long=", HANG).contains("capacity=8"));
        }
        assertEquals(7, list.get(0));
        assertEquals(-1L, list.get(1));
        assertEquals(3.5, list.get(2));
        assertNull(list.get(3));
        assertEquals("HOWDY", list.get(4));
        assertArrayEquals(new byte[] {9, 9, 9}, (byte[]) list.get(5));
        assertEquals("12345678", list.get(6));
        list.close();
        list.unlink();
        assertFalse(Files.exists(SharedMemoryTest.file(name)));
    }

    @Test
    void sizeCountIndexCapacitiesAndErrors() throws Exception {
        ShareableList list = ShareableList.copyOf(List.of("a", "b", "a", "\u00e9\u00e9\u00e9\u00e9\u00e9", 5, 5L, true));
        try {
            assertEquals(7, list.size());
            assertEquals(2, list.count("a"));
            assertEquals(1, list.count(5));
            assertEquals(1, list.count(5L), "an Integer never equals a Long");
            assertEquals(0, list.count(5.0));
            assertEquals(1, list.index("b"));
            assertEquals(6, list.index(true));
            assertThrowsWith(NoSuchElementException.class, "item=zzz", () -> list.index("zzz"));
            assertEquals(8, list.capacity(0));
            assertEquals(16, list.capacity(3), "10 bytes of UTF-8 round up to 16");
            list.set(3, "0123456789abcdef"); // 16 bytes fit
            assertThrowsWith(IllegalArgumentException.class, "capacity=16", () -> list.set(3, "0123456789abcdefg"));
            assertThrowsWith(IllegalArgumentException.class, "capacity=8", () -> list.set(0, "123456789"));
            assertThrowsWith(IllegalArgumentException.class, "capacity=8", () -> list.set(0, new byte[9]));
            list.set(0, 3.25); // another type that fits
            list.set(1, new byte[8]);
            assertEquals(3.25, list.get(0));
            assertEquals(1, list.count(new byte[8]), "byte arrays compare by content");
            assertThrowsWith(IllegalArgumentException.class, "Float", () -> list.set(0, 1.5f));
            assertThrowsWith(IndexOutOfBoundsException.class, "index=7, length=7", () -> list.get(7));
            assertThrowsWith(IndexOutOfBoundsException.class, "index=-1, length=7", () -> list.set(-1, 1));
            assertThrowsWith(IllegalArgumentException.class, "copyOf", () -> ShareableList.of(List.of(1, 2)));
            assertThrowsWith(IllegalArgumentException.class, "items[1]", () -> ShareableList.of(1, new Object()));
            assertEquals(0, ShareableList.of().size());
            List<Object> items = list.toList();
            assertEquals(Arrays.asList(3.25, "b", "a", "0123456789abcdef", 5, 5L, true), Arrays.asList(items.get(0),
                    "b", items.get(2), items.get(3), items.get(4), items.get(5), items.get(6)));
            assertArrayEquals(new byte[8], (byte[]) items.get(1));
        } finally {
            list.close();
            list.unlink();
        }
        assertThrowsWith(IllegalStateException.class, "is closed", () -> list.get(0));
        assertThrowsWith(IllegalStateException.class, "is closed", () -> list.set(0, 1));
        assertThrowsWith(NoSuchElementException.class, list.name(), () -> ShareableList.attach(list.name()));
    }

    @Test
    void namedListsAndAttachingWhatIsNotAList() throws Exception {
        String name = "mp4jtest-" + PID + "-list";
        ShareableList list = ShareableList.create(name, "x", 1);
        try {
            ShareableList same = ShareableList.attach(name);
            assertEquals(name, list.name());
            assertEquals(List.of("x", 1), same.toList());
            assertThrowsWith(IllegalStateException.class, "already exists", () -> ShareableList.create(name, 1));
            same.close();
            assertEquals("x", list.get(0), "closing one handle of the process keeps the others usable");
        } finally {
            list.close();
            list.unlink();
        }
        try (SharedMemory raw = SharedMemory.create(256)) {
            assertThrowsWith(IllegalArgumentException.class, "is not a ShareableList", () -> ShareableList.attach(raw.name()));
            raw.unlink();
        }
        assertThrows(NullPointerException.class, () -> ShareableList.attach(null));
        assertThrows(NullPointerException.class, () -> ShareableList.create(null, 1));
        assertThrows(NoSuchElementException.class, () -> ShareableList.attach("mp4jtest-" + PID + "-nolist"));
    }

    static void setAlternately(ShareableList list, IntValue started, IntValue stop, Object first, Object second) {
        started.incrementAndGet();
        long sets = 0;
        while (stop.get() == 0) {
            list.set(0, (sets & 1) == 0 ? first : second);
            sets++;
        }
        System.out.println("sets=" + sets);
    }

    @Test
    void concurrentSettersInTwoChildrenNeverTearASlot() throws Exception {
        String a16 = "AAAAAAAAAAAAAAAA";
        String a1 = "a";
        String b12 = "BBBBBBBBBBBB";
        byte[] b16 = new byte[16];
        Arrays.fill(b16, (byte) 'B');
        ShareableList list = ShareableList.of(a16, "unchanged");
        IntValue started = Value.rawInt(0);
        IntValue stop = Value.rawInt(0);
        try (var out = CapturedOutput.stdout()) {
            Process p1 = new Process(() -> setAlternately(list, started, stop, a16, a1));
            Process p2 = new Process(() -> setAlternately(list, started, stop, b12, b16));
            p1.start();
            p2.start();
            while (started.get() < 2) {
                Thread.sleep(1);
            }
            Set<String> allowed = Set.of(a16, a1, b12, new String(b16));
            for (int i = 0; i < 200_000; i++) {
                Object item = list.get(0);
                String s = item instanceof byte[] b ? new String(b) : (String) item;
                if (!allowed.contains(s)) {
                    throw new AssertionError("torn read: " + describe(item));
                }
            }
            stop.set(1);
            assertTrue(p1.join(HANG));
            assertTrue(p2.join(HANG));
            assertEquals(OptionalInt.of(0), p1.exitCode());
            assertEquals(OptionalInt.of(0), p2.exitCode());
            assertTrue(Long.parseLong(out.awaitValue("sets=", HANG)) > 0);
            assertEquals("unchanged", list.get(1));
        } finally {
            list.close();
            list.unlink();
        }
    }

    @Test
    void aSetterKilledMidWriteIsRecoveredAndItsSlotReadsNull() throws Exception {
        ShareableList list = ShareableList.of("before", 2);
        String name = list.name();
        try (var out = CapturedOutput.stdout()) {
            // The child plays a setter that dies mid-write: it takes the setters' lock (offset 0) and
            // marks slot 0 as being written (its sequence number, at 64 + 24 * 0, odd), then is killed.
            Process setter = new Process(() -> {
                SharedMemory raw = SharedMemory.attach(name);
                SharedMutex mutex = new SharedMutex(raw.segment(), 0);
                mutex.acquire(Long.MAX_VALUE);
                raw.segment().set(ValueLayout.JAVA_INT, 64, 1);
                System.out.println("mid-write");
                new java.util.concurrent.CountDownLatch(1).await();
            });
            setter.start();
            out.awaitLine("mid-write"::equals, HANG);
            setter.kill();
            assertTrue(setter.join(HANG));
            assertNull(list.get(0), "the half-written slot reads as null once the lock is recovered");
            assertEquals(2, list.get(1));
            list.set(0, "after");
            assertEquals("after", list.get(0));
        } finally {
            list.close();
            list.unlink();
        }
    }
}
