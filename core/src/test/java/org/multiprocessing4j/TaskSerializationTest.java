package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import com.example.outside.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.serial.ClassAllowList;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/** What a task may capture, and what happens when it captures something it may not. */
@ExtendWith(ChildCleanup.class)
class TaskSerializationTest {
    static final Duration HANG = ProcessTest.HANG;

    record Order(String id, int quantity, double[] prices, List<String> tags) implements java.io.Serializable {}

    enum Colour { RED, GREEN }

    /** A subclass whose fields travel with it. */
    static final class Summer extends Process {
        private final int[] numbers;

        Summer(int... numbers) {
            super("summer");
            this.numbers = numbers;
        }

        @Override
        public void run() {
            System.out.println("sum=" + Arrays.stream(numbers).sum() + " in " + Multiprocessing.currentProcess().name());
        }
    }

    static String describe(Order o, int[] ints, Map<String, Integer> map, Colour c) {
        return o.id() + "," + o.quantity() + "," + Arrays.toString(o.prices()) + "," + o.tags() + ","
                + Arrays.toString(ints) + "," + new java.util.TreeMap<>(map) + "," + c;
    }

    @Test
    void lambdasCapturingRecordsArraysCollectionsAndEnumsRoundTrip() throws Exception {
        Order order = new Order("o-1", 3, new double[] {1.5, 2.25}, List.of("a", "b"));
        int[] ints = {1, 2, 3};
        Map<String, Integer> map = Map.of("x", 1, "y", 2);
        Colour colour = Colour.GREEN;
        String expected = describe(order, ints, map, colour);
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> System.out.println("got=" + describe(order, ints, map, colour)));
            p.start();
            assertTrue(p.join(HANG));
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertEquals(expected, out.awaitValue("got=", HANG));
        }
    }

    @Test
    void methodReferencesShip() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(TaskSerializationTest::printMarker);
            p.start();
            assertTrue(p.join(HANG));
            out.awaitLine("method-reference-ran"::equals, HANG);
        }
    }

    static void printMarker() {
        System.out.println("method-reference-ran");
    }

    @Test
    void subclassInstanceIsShippedWithItsFields() throws Exception {
        try (var out = CapturedOutput.stdout()) {
            Process p = new Summer(1, 2, 3, 4);
            p.start();
            assertTrue(p.join(HANG));
            assertEquals("10 in summer", out.awaitValue("sum=", HANG));
        }
    }

    @Test
    void unserializableCaptureFailsAtStartNamingTheClassAndStartsNothing() {
        Thread notSerializable = new Thread(() -> {});
        Process p = new Process(() -> System.out.println(notSerializable.getName()));
        int before = Multiprocessing.activeChildren().size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertTrue(e.getMessage().contains(p.name()), e.getMessage());
        assertEquals(before, Multiprocessing.activeChildren().size());
        assertThrows(IllegalStateException.class, p::join, "nothing was started");
    }

    @Test
    void aClassOutsideTheMainClassPackageTreeShipsWithoutConfiguration() throws Exception {
        Payload payload = new Payload("outside");
        assertEquals(payload, Serialization.fromFrame(Serialization.toFrame(payload)));
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> System.out.println("payload=" + payload.text()));
            p.start();
            assertTrue(p.join(HANG));
            assertEquals("outside", out.awaitValue("payload=", HANG));
        }
    }

    @Test
    void allowListPatterns() {
        assertTrue(matches("com.acme.**", "com.acme.Foo"));
        assertTrue(matches("com.acme.**", "com.acme.sub.Foo"));
        assertTrue(matches("com.acme.*", "com.acme.Foo"));
        assertTrue(!matches("com.acme.*", "com.acme.sub.Foo"));
        assertTrue(matches("com.acme.Foo", "com.acme.Foo$Inner"));
        assertTrue(!matches("com.acme.Foo", "com.acme.FooBar"));
        assertTrue(ClassAllowList.isAllowed(int[][].class));
        assertTrue(ClassAllowList.isAllowed(String[].class));
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.allowClasses("**"));
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.allowClasses(" "));
    }

    private static boolean matches(String pattern, String name) {
        return ClassAllowList.matches(pattern, name);
    }

    @Test
    void malformedFramesGiveClearErrors() {
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(new byte[0]));
        DeserializationException e = assertThrows(DeserializationException.class,
                () -> Serialization.fromFrame(new byte[] {99, 1, 2}));
        assertTrue(e.getMessage().contains("codec id 99") && e.getMessage().contains("class path"), e.getMessage());
        DeserializationException unknown = assertThrows(DeserializationException.class,
                () -> Serialization.fromFrame(new byte[] {50, 1, 2}));
        assertTrue(unknown.getMessage().contains("unknown codec id=50"), unknown.getMessage());
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(new byte[] {1, 0, 0, 0}));
    }
}
