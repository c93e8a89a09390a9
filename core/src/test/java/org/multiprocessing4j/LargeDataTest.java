package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * Large primitive arrays of every type through real pools, queues and pipes, alone and inside
 * records, lists and tuples, checked element by element; their frames are bulk copies.
 */
@ExtendWith(ChildCleanup.class)
class LargeDataTest {
    static final Duration HANG = ProcessTest.HANG;
    /** Elements per array: a double[] of this length is 1.2 MB. */
    static final int N = 150_000;

    /** One array of each primitive type (but boolean), in a record. */
    record Bundle(int seed, double[] d, long[] l, int[] i, float[] f, short[] s, byte[] b, char[] c)
            implements Serializable {}

    /** The seven arrays of {@code seed}, {@code n} elements each, as a list in kind order. */
    static List<Object> arrays(int seed, int n) {
        double[] d = new double[n];
        long[] l = new long[n];
        int[] i = new int[n];
        float[] f = new float[n];
        short[] s = new short[n];
        byte[] b = new byte[n];
        char[] c = new char[n];
        for (int k = 0; k < n; k++) {
            long v = (long) seed * 1_000_003L + k * 7919L;
            d[k] = v * 0.5 + 0.25;
            l[k] = v * 1_000_000_007L;
            i[k] = (int) (v ^ (v >>> 7));
            f[k] = (float) (v * 0.125);
            s[k] = (short) (v * 31);
            b[k] = (byte) (v * 17);
            c[k] = (char) (v * 13);
        }
        return List.of(d, l, i, f, s, b, c);
    }

    static Bundle bundle(int seed, int n) {
        List<Object> a = arrays(seed, n);
        return new Bundle(seed, (double[]) a.get(0), (long[]) a.get(1), (int[]) a.get(2), (float[]) a.get(3),
                (short[]) a.get(4), (byte[]) a.get(5), (char[]) a.get(6));
    }

    static List<Object> parts(Bundle b) {
        return List.of(b.d(), b.l(), b.i(), b.f(), b.s(), b.b(), b.c());
    }

    /** Asserts that {@code actual} holds the arrays of {@code seed}, element by element. */
    static void assertArrays(int seed, int n, List<?> actual) {
        List<Object> expected = arrays(seed, n);
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertSameArray(expected.get(k), actual.get(k), "array " + k + " of seed " + seed);
        }
    }

    static void assertSameArray(Object expected, Object actual, String what) {
        assertEquals(expected.getClass(), actual.getClass(), what);
        switch (expected) {
            case double[] e -> assertArrayEquals(e, (double[]) actual, what);
            case long[] e -> assertArrayEquals(e, (long[]) actual, what);
            case int[] e -> assertArrayEquals(e, (int[]) actual, what);
            case float[] e -> assertArrayEquals(e, (float[]) actual, what);
            case short[] e -> assertArrayEquals(e, (short[]) actual, what);
            case byte[] e -> assertArrayEquals(e, (byte[]) actual, what);
            case char[] e -> assertArrayEquals(e, (char[]) actual, what);
            default -> throw new AssertionError("not a primitive array: " + expected);
        }
    }

    /** The bundle of seed + 1 whatever seed {@code b} has: a result that differs from the argument. */
    static Bundle next(Bundle b) {
        return bundle(b.seed() + 1, b.d().length);
    }

    /** A same-typed array of seed 100 + the first element's position in the kind order. */
    static Object successor(Object array) {
        int kind = arrays(0, 1).stream().map(Object::getClass).toList().indexOf(array.getClass());
        return arrays(100 + kind, java.lang.reflect.Array.getLength(array)).get(kind);
    }

    @Test
    void aPoolMapsLargeArraysOfEveryTypeAloneAndInsideRecordsListsAndTuples() throws Exception {
        try (Pool pool = new Pool(2)) {
            // records holding one array of each type, as arguments and results
            List<Bundle> bundles = new ArrayList<>();
            for (int seed = 0; seed < 6; seed++) {
                bundles.add(bundle(seed, N));
            }
            List<Bundle> next = pool.map(LargeDataTest::next, bundles);
            for (int seed = 0; seed < 6; seed++) {
                assertEquals(seed + 1, next.get(seed).seed());
                assertArrays(seed + 1, N, parts(next.get(seed)));
            }
            // bare arrays of every type in one map, chunks of two
            List<Object> bare = arrays(7, N);
            List<Object> successors = pool.map(LargeDataTest::successor, bare, 2);
            for (int kind = 0; kind < bare.size(); kind++) {
                assertSameArray(arrays(100 + kind, N).get(kind), successors.get(kind), "successor of kind " + kind);
            }
            // pairs of arrays in, a Tuple3 holding a list of arrays out
            List<Tuple2<double[], int[]>> pairs = new ArrayList<>();
            for (int seed = 0; seed < 4; seed++) {
                List<Object> a = arrays(seed, N);
                pairs.add(Tuple.of((double[]) a.get(0), (int[]) a.get(2)));
            }
            List<Tuple3<Integer, List<Object>, char[]>> triples = pool.starmap(
                    (double[] d, int[] i) -> Tuple.of(d.length + i.length, List.<Object>of(i, d), new char[] {'x'}),
                    pairs);
            for (int seed = 0; seed < 4; seed++) {
                Tuple3<Integer, List<Object>, char[]> t = triples.get(seed);
                assertEquals(2 * N, t.first());
                List<Object> expected = arrays(seed, N);
                assertSameArray(expected.get(2), t.second().get(0), "int[] of pair " + seed);
                assertSameArray(expected.get(0), t.second().get(1), "double[] of pair " + seed);
                assertArrayEquals(new char[] {'x'}, t.third());
            }
            // one array as an apply's result, and a 16 MiB double[] captured by the function
            double[] big = new double[2 << 20];
            Arrays.setAll(big, k -> k * 0.5);
            double[] back = pool.apply(() -> big.clone());
            assertArrayEquals(big, back);
        }
    }

    /** Each bare array of seed 1, a bundle of seed 2, and a list holding one array twice and a tuple. */
    static List<Object> items() {
        List<Object> items = new ArrayList<>(arrays(1, N));
        items.add(bundle(2, N));
        double[] twice = (double[]) arrays(3, N).get(0);
        items.add(new ArrayList<>(List.of(twice, twice, Tuple.of("t", arrays(4, N)))));
        return items;
    }

    static void putAll(Queue<Object> q) throws InterruptedException {
        for (Object item : items()) {
            q.put(item);
        }
    }

    @SuppressWarnings("unchecked")
    static void checkAll(Object[] items) {
        List<Object> bare = arrays(1, N);
        for (int k = 0; k < bare.size(); k++) {
            assertSameArray(bare.get(k), items[k], "bare array " + k);
        }
        Bundle b = (Bundle) items[7];
        assertEquals(2, b.seed());
        assertArrays(2, N, parts(b));
        List<Object> list = (List<Object>) items[8];
        assertSameArray(arrays(3, N).get(0), list.get(0), "array sent twice");
        assertSame(list.get(0), list.get(1), "one array referenced twice arrives as one array");
        Tuple2<String, List<Object>> t = (Tuple2<String, List<Object>>) list.get(2);
        assertEquals("t", t.first());
        assertArrays(4, N, t.second());
    }

    @Test
    void aQueueCarriesLargeArraysOfEveryTypeAloneAndInsideRecordsAndLists() throws Exception {
        Queue<Object> q = new Queue<>();
        try {
            Process p = new Process(() -> putAll(q));
            p.start();
            Object[] items = new Object[9];
            for (int k = 0; k < items.length; k++) {
                items[k] = q.get(HANG);
            }
            checkAll(items);
            QueueTest.joinOk(p);
        } finally {
            q.close();
        }
    }

    @Test
    void aPipeCarriesLargeArraysOfEveryTypeBothWays() throws Exception {
        Pipe pipe = Pipe.open();
        Connection here = pipe.left();
        Connection there = pipe.right();
        Process echo = new Process(() -> {
            Object o;
            while ((o = there.recv()) != null) {
                there.send(o);
            }
        });
        echo.start();
        try {
            List<Object> sent = items();
            Object[] items = new Object[sent.size()];
            for (int k = 0; k < items.length; k++) {
                here.send(sent.get(k));
                assertTrue(here.poll(HANG), "no echo of item " + k);
                items[k] = here.recv();
            }
            checkAll(items);
            here.send(null);
            QueueTest.joinOk(echo);
        } finally {
            here.close();
        }
    }

    @Test
    void largeArraysAreCopiedInBulkInLittleEndianOrderAloneAndInAGraph() {
        double[] d = new double[1 << 17];
        Arrays.setAll(d, k -> k + 0.5);
        ByteBuffer le = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        le.asDoubleBuffer().put(d);
        byte[] expected = le.array();

        byte[] alone = Serialization.toFrame(d);
        assertEquals(2 + d.length * 8, alone.length);
        assertArrayEquals(expected, Arrays.copyOfRange(alone, 2, alone.length), "a bare double[] is its LE bytes");
        assertArrayEquals(d, (double[]) Serialization.fromFrame(alone));

        Bundle b = bundle(5, 1 << 17);
        byte[] graph = Serialization.toFrame(b);
        long raw = 0;
        for (Object a : parts(b)) {
            raw += (long) java.lang.reflect.Array.getLength(a) * switch (a) {
                case double[] x -> 8;
                case long[] x -> 8;
                case int[] x -> 4;
                case float[] x -> 4;
                case short[] x -> 2;
                case char[] x -> 2;
                default -> 1;
            };
        }
        assertTrue(graph.length < raw + 2_000, "a record of arrays is their bytes and a small header: " + graph.length);
        // the double[] sits raw in the frame, after the object stream
        byte[] dBytes = new byte[b.d().length * 8];
        MemorySegment.copy(b.d(), 0, MemorySegment.ofArray(dBytes),
                ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, b.d().length);
        assertTrue(indexOf(graph, Arrays.copyOf(dBytes, 64)) > 0, "the record's double[] is in the frame as LE bytes");
        Bundle back = (Bundle) Serialization.fromFrame(graph);
        assertArrays(5, 1 << 17, parts(back));
        // a frame at an offset, in a larger array, decodes the same
        byte[] shifted = new byte[graph.length + 11];
        System.arraycopy(graph, 0, shifted, 7, graph.length);
        assertArrays(5, 1 << 17, parts((Bundle) Serialization.fromFrame(shifted, 7, graph.length)));
        // arrays under the threshold stay in the object stream; every type still round-trips
        Bundle small = bundle(6, 3);
        assertArrays(6, 3, parts((Bundle) Serialization.fromFrame(Serialization.toFrame(small))));
        for (Object a : arrays(8, 1000)) {
            assertSameArray(a, Serialization.fromFrame(Serialization.toFrame(a)), a.getClass().getSimpleName());
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aMessageCopiedOutOfPiecesDecodesAsFromOneArrayWhereverThePiecesSplitIt() {
        Bundle b = bundle(9, 5000);
        int header = 9; // a caller's header before the frame, as the pool's
        for (Object value : List.of(b, b.d(), b.c(), List.of(b.i(), "text", b.b()), 42)) {
            WireMessage m = Serialization.toMessage(value, header);
            long size = m.size();
            MemorySegment flat = MemorySegment.ofArray(new byte[(int) size]);
            long at = 0;
            for (MemorySegment part : m.segments()) {
                MemorySegment.copy(part, 0, flat, at, part.byteSize());
                at += part.byteSize();
            }
            assertEquals(size, at);
            assertArrayEquals(m.toBytes(), flat.toArray(ValueLayout.JAVA_BYTE), "segments() and toBytes() agree");
            // split into three pieces at every kind of place: in the header, the stream, the directory, an array
            for (long cut1 : new long[] {1, header + 1, size / 3, size / 2 + 1}) {
                long cut2 = Math.min(size - 1, cut1 + size / 4 + 3);
                MemorySegment[] pieces = {flat.asSlice(0, cut1), flat.asSlice(cut1, cut2 - cut1), flat.asSlice(cut2)};
                WireMessage out = Serialization.copyOut(pieces, header, true);
                Object back = Serialization.fromMessage(out, header, true);
                String what = value.getClass().getSimpleName() + " cut at " + cut1 + "/" + cut2;
                switch (value) {
                    case Bundle x -> assertArrays(9, 5000, parts((Bundle) back));
                    case List<?> l -> {
                        List<?> got = (List<?>) back;
                        assertSameArray(l.get(0), got.get(0), what);
                        assertEquals("text", got.get(1), what);
                        assertSameArray(l.get(2), got.get(2), what);
                    }
                    case Integer i -> assertEquals(i, back, what);
                    default -> assertSameArray(value, back, what);
                }
            }
        }
        // copied out, the arrays obey the limits, and a message cut short fails clearly
        WireMessage m = Serialization.toMessage(b, 0);
        byte[] flat = m.toBytes();
        try {
            System.setProperty("mp4j.serial.maxArray", "1000");
            DeserializationException e = assertThrows(DeserializationException.class,
                    () -> Serialization.copyOut(new MemorySegment[] {MemorySegment.ofArray(flat)}, 0, true));
            assertTrue(e.getMessage().contains("-Dmp4j.serial.maxArray="), e.getMessage());
        } finally {
            System.clearProperty("mp4j.serial.maxArray");
        }
        for (int cut : new int[] {1, 5, 100, flat.length / 2}) {
            MemorySegment[] shortened = {MemorySegment.ofArray(Arrays.copyOf(flat, flat.length - cut))};
            assertThrows(DeserializationException.class, () -> Serialization.fromMessage(
                    Serialization.copyOut(shortened, 0, true), 0, true), "cut " + cut);
        }
    }

    @Test
    void aReaderKilledInTheMiddleOfA100MiBMessageLosesNothing() throws Exception {
        double[] big = new double[100 << 17]; // 100 MiB
        Arrays.setAll(big, k -> k * 0.5);
        Queue<Object> q = new Queue<>();
        Event halfway = new Event();
        q.put(big);
        Process reader = new Process(() -> {
            try {
                q.channel.receive(Long.MAX_VALUE, false, 0, pieces -> {
                    long half = 50L << 20;
                    MemorySegment copy = java.lang.foreign.Arena.ofAuto().allocate(half);
                    long at = 0;
                    for (MemorySegment p : pieces) { // copy the first half, as a reader would
                        long n = Math.min(p.byteSize(), half - at);
                        MemorySegment.copy(p, 0, copy, at, n);
                        at += n;
                        if (at == half) {
                            break;
                        }
                    }
                    halfway.set();
                    try {
                        new java.util.concurrent.CountDownLatch(1).await(); // killed here, mid-message
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        try {
            assertTrue(halfway.await(HANG), "the reader got halfway through the message");
            reader.kill();
            reader.join(HANG);
            assertEquals(java.util.OptionalInt.of(-9), reader.exitCode());
            double[] got = (double[]) q.get(HANG);
            assertArrayEquals(big, got, "the message is whole for the next reader");
            assertTrue(q.empty(), "and taken once");
        } finally {
            reader.kill();
            reader.join(HANG);
            q.close();
        }
    }

    @Test
    void aMessageLargerThanTheFreeSharedMemoryFailsBeforeAnyOfItIsWritten() throws Exception {
        double[] big = new double[100 << 17]; // 100 MiB
        Arrays.setAll(big, k -> k);
        Queue<Object> q = new Queue<>();
        long usable = org.multiprocessing4j.internal.shm.SharedSegments.usableSpace();
        try {
            // keep all but 50 MiB free: the 100 MiB message cannot fit
            System.setProperty("mp4j.shm.reserve", Long.toString(usable - (50L << 20)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.put(big));
            assertTrue(e.getMessage().contains("cannot send a message of " + (2 + big.length * 8L) + " bytes"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("bytes usable") && e.getMessage().contains("-Dmp4j.shm.reserve="),
                    e.getMessage());
            assertTrue(q.empty(), "nothing of it was queued");
        } finally {
            System.clearProperty("mp4j.shm.reserve");
        }
        q.put(big); // with the space there, the same message goes through
        assertArrayEquals(big, (double[]) q.get(HANG));
        q.close();
    }

    @Test
    void bulkArraysObeyTheArrayAndByteLimitsAndMalformedFramesFailClearly() {
        byte[] bare = Serialization.toFrame(new long[5000]);
        byte[] inRecord = Serialization.toFrame(new Bundle(0, new double[5000], null, null, null, null, null, null));
        try {
            System.setProperty("mp4j.serial.maxArray", "1000");
            for (byte[] frame : List.of(bare, inRecord)) {
                DeserializationException e = assertThrows(DeserializationException.class,
                        () -> Serialization.fromFrame(frame));
                assertTrue(e.getMessage().contains("array length reached 5000"), e.getMessage());
                assertTrue(e.getMessage().contains("-Dmp4j.serial.maxArray="), e.getMessage());
            }
        } finally {
            System.clearProperty("mp4j.serial.maxArray");
        }
        try {
            System.setProperty("mp4j.serial.maxBytes", "10000");
            DeserializationException e = assertThrows(DeserializationException.class,
                    () -> Serialization.fromFrame(inRecord));
            assertTrue(e.getMessage().contains("mp4j.serial.maxBytes"), e.getMessage());
        } finally {
            System.clearProperty("mp4j.serial.maxBytes");
        }
        // the network limits apply to a network frame: 100,000,000 elements at most by default
        assertEquals(5000, ((long[]) Serialization.fromNetworkFrame(bare)).length);
        // a frame cut short fails with DeserializationException, never an index error
        for (byte[] frame : List.of(bare, inRecord)) {
            for (int cut : new int[] {1, 3, 7, frame.length / 2, frame.length - 1}) {
                byte[] shortFrame = Arrays.copyOf(frame, frame.length - cut);
                if (frame == bare && cut % 8 == 0) {
                    continue; // a shorter long[] is still a long[]
                }
                assertThrows(DeserializationException.class, () -> Serialization.fromFrame(shortFrame),
                        "cut " + cut);
            }
        }
        assertEquals(5000, ((Bundle) Serialization.fromFrame(inRecord)).d().length);
    }

    @Test
    void sharedArraysAndSharedMemoryTravelAsViewsOfTheSameMemory() throws Exception {
        DoubleArray xs = Array.doublesOfLength(1 << 20);
        try (Pool pool = new Pool(1); SharedMemory shm = SharedMemory.create(1 << 20)) {
            // through apply and map: the worker writes into the caller's memory
            assertEquals(1 << 20, (int) pool.apply(() -> {
                xs.set((1 << 20) - 1, 42.5);
                return xs.length();
            }));
            assertEquals(42.5, xs.get((1 << 20) - 1));
            List<Integer> lengths = pool.map((SharedMemory m) -> {
                m.segment().set(ValueLayout.JAVA_BYTE, m.size() - 1, (byte) 7);
                return (int) m.size();
            }, List.of(shm));
            assertEquals(List.of(1 << 20), lengths);
            assertEquals(7, shm.segment().get(ValueLayout.JAVA_BYTE, shm.size() - 1));
            // through a queue and a pipe
            Queue<Object> q = new Queue<>();
            Pipe pipe = Pipe.open();
            Connection there = pipe.right();
            Process p = new Process(() -> {
                DoubleArray got = (DoubleArray) q.get(HANG);
                got.set(0, -1.0);
                SharedMemory m = (SharedMemory) there.recv();
                m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 9);
                there.send("done");
            });
            p.start();
            q.put(xs);
            pipe.left().send(shm);
            assertTrue(pipe.left().poll(HANG));
            assertEquals("done", pipe.left().recv());
            QueueTest.joinOk(p);
            assertEquals(-1.0, xs.get(0));
            assertEquals(9, shm.segment().get(ValueLayout.JAVA_BYTE, 0));
            q.close();
            pipe.left().close();
            shm.unlink();
        }
    }
}
