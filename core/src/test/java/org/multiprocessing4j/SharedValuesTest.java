package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/** Value and Array with real child JVMs. */
@ExtendWith(ChildCleanup.class)
class SharedValuesTest {
    /** Bounds waits only to catch hangs. */
    static final Duration HANG = Duration.ofSeconds(60);

    /** Starts every target in its own child, joins them all, and checks that each exited with 0. */
    static void runChildren(SerializableRunnable... targets) throws Exception {
        List<Process> ps = Arrays.stream(targets).map(Process::new).toList();
        ps.forEach(Process::start);
        for (Process p : ps) {
            assertTrue(p.join(HANG), "child hung: " + p);
            assertEquals(OptionalInt.of(0), p.exitCode(), "child failed (its stack trace is on stderr): " + p);
        }
    }

    /** Makes the children of a test start their loops together, so that they really contend. */
    static void startTogether(IntValue ready, int parties) {
        ready.incrementAndGet();
        while (ready.get() < parties) {
            Thread.onSpinWait();
        }
    }

    static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            @SuppressWarnings("unchecked")
            T copy = (T) in.readObject();
            return copy;
        }
    }

    static <E extends Throwable> E assertThrowsWith(Class<E> type, String messagePart, Executable call) {
        E e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(messagePart),
                "message should contain [" + messagePart + "]: " + e.getMessage());
        return e;
    }

    // The seed's example, verbatim.
    static void modifySharedData(IntValue sharedVal, IntArray sharedArr) throws InterruptedException {
        try (var _ = sharedVal.getLock().hold()) {
            sharedVal.set(sharedVal.get() + 1);
        }
        for (int i = 0; i < sharedArr.length(); i++) {
            sharedArr.set(i, sharedArr.get(i) + 1);
        }
    }

    @Test
    void theSeedsExampleGivesValueTwoAndTheArrayIncrementedTwice() throws Exception {
        IntValue sharedVal = Value.ofInt(0);
        IntArray sharedArr = Array.ofInts(1, 2, 3, 4, 5);
        Process p1 = new Process(() -> modifySharedData(sharedVal, sharedArr));
        Process p2 = new Process(() -> modifySharedData(sharedVal, sharedArr));
        p1.start();
        p2.start();
        assertTrue(p1.join(HANG));
        assertTrue(p2.join(HANG));
        assertEquals(OptionalInt.of(0), p1.exitCode());
        assertEquals(OptionalInt.of(0), p2.exitCode());
        assertEquals(2, sharedVal.get());
        int[] arr = sharedArr.toArray();
        // The seed increments the array without a lock: two children that overlap may lose an update.
        for (int i = 0; i < arr.length; i++) {
            assertTrue(arr[i] == i + 3 || arr[i] == i + 2, "element " + i + " = " + arr[i] + " in " + Arrays.toString(arr));
        }
    }

    static void incrementUnderTheLocks(IntValue v, IntArray a, IntValue ready, int times) throws InterruptedException {
        startTogether(ready, 2);
        for (int n = 0; n < times; n++) {
            try (var _ = v.getLock().hold()) {
                v.set(v.get() + 1);
            }
            try (var _ = a.getLock().hold()) {
                int[] copy = a.toArray(); // a bulk copy while this thread holds the RLock: no self-deadlock
                for (int i = 0; i < copy.length; i++) {
                    copy[i]++;
                }
                a.copyFrom(copy);
            }
        }
    }

    @Test
    void readModifyWritesUnderGetLockAreExactAcrossTwoChildren() throws Exception {
        IntValue v = Value.ofInt(0);
        IntArray a = Array.intsOfLength(3);
        assertInstanceOf(RLock.class, v.getLock());
        assertInstanceOf(RLock.class, a.getLock());
        assertNotSame(v.getLock(), a.getLock());
        IntValue ready = Value.rawInt(0);
        runChildren(() -> incrementUnderTheLocks(v, a, ready, 2_000), () -> incrementUnderTheLocks(v, a, ready, 2_000));
        assertEquals(4_000, v.get());
        assertArrayEquals(new int[] {4_000, 4_000, 4_000}, a.toArray());
    }

    @Test
    void everyTypecodeRoundTripsThroughAChild() throws Exception {
        IntValue i = Value.ofInt(Integer.MIN_VALUE);
        LongValue l = Value.ofLong(Long.MAX_VALUE);
        DoubleValue d = Value.ofDouble(Math.PI);
        FloatValue f = Value.ofFloat(-1.25f);
        ShortValue h = Value.ofShort(Short.MIN_VALUE);
        ByteValue b = Value.ofByte((byte) -128);
        CharValue c = Value.ofChar('\u00ff');
        IntArray ia = Array.ofInts(Integer.MAX_VALUE, -1);
        LongArray la = Array.ofLongs(Long.MIN_VALUE, 1L << 40);
        DoubleArray da = Array.ofDoubles(-0.5, 1e300);
        FloatArray fa = Array.ofFloats(Float.MIN_VALUE, 2.5f);
        ShortArray ha = Array.ofShorts((short) -2, Short.MAX_VALUE);
        ByteArray ba = Array.ofBytes((byte) -1, Byte.MAX_VALUE);
        CharArray ca = Array.ofChars('a', '\u00e9');
        assertEquals(List.of('i', 'l', 'd', 'f', 'h', 'b', 'c'), List.of(i.typecode(), l.typecode(), d.typecode(),
                f.typecode(), h.typecode(), b.typecode(), c.typecode()));
        assertEquals(List.of('i', 'l', 'd', 'f', 'h', 'b', 'c'), List.of(ia.typecode(), la.typecode(), da.typecode(),
                fa.typecode(), ha.typecode(), ba.typecode(), ca.typecode()));
        try (var out = CapturedOutput.stdout()) {
            runChildren(() -> {
                System.out.println("values=" + i.get() + " " + l.get() + " " + d.get() + " " + f.get() + " " + h.get()
                        + " " + b.get() + " " + (int) c.get());
                System.out.println("arrays=" + Arrays.toString(ia.toArray()) + Arrays.toString(la.toArray())
                        + Arrays.toString(da.toArray()) + Arrays.toString(fa.toArray()) + Arrays.toString(ha.toArray())
                        + Arrays.toString(ba.toArray()) + ca.toLatin1String());
                i.set(123_456_789);
                l.set(-(1L << 50));
                d.set(Math.E);
                f.set(3.5f);
                h.set(Short.MAX_VALUE);
                b.set(Byte.MAX_VALUE);
                c.set('z');
                ia.copyFrom(new int[] {7, 8});
                la.set(1, -3L);
                da.copyFrom(new double[] {0, 9.75}, 1, 0, 1);
                fa.set(0, -0.0f);
                ha.set(1, (short) 12);
                ba.copyFrom(new byte[] {1, 2});
                ca.copyFrom(new char[] {'\u00c0', 'b'});
            });
            assertEquals(Integer.MIN_VALUE + " " + Long.MAX_VALUE + " " + Math.PI + " -1.25 -32768 -128 255",
                    out.awaitValue("values=", HANG));
            assertEquals("[2147483647, -1][-9223372036854775808, 1099511627776][-0.5, 1.0E300][1.4E-45, 2.5][-2, 32767]"
                    + "[-1, 127]a\u00e9", out.awaitValue("arrays=", HANG));
        }
        assertEquals(123_456_789, i.get());
        assertEquals(-(1L << 50), l.get());
        assertEquals(Math.E, d.get());
        assertEquals(3.5f, f.get());
        assertEquals(Short.MAX_VALUE, h.get());
        assertEquals(Byte.MAX_VALUE, b.get());
        assertEquals('z', c.get());
        assertArrayEquals(new int[] {7, 8}, ia.toArray());
        assertArrayEquals(new long[] {Long.MIN_VALUE, -3L}, la.toArray());
        assertArrayEquals(new double[] {9.75, 1e300}, da.toArray());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(fa.get(0)));
        assertArrayEquals(new short[] {-2, 12}, ha.toArray());
        assertArrayEquals(new byte[] {1, 2}, ba.toArray());
        assertEquals("\u00c0b", ca.toLatin1String());
    }

    static void hammerAtomics(IntValue iv, LongValue lv, IntValue cas, IntArray ia, LongArray la, IntValue ready,
            int times) {
        startTogether(ready, 2);
        for (int n = 0; n < times; n++) {
            iv.incrementAndGet();
            lv.getAndIncrement();
            ia.incrementAndGet(0);
            ia.addAndGet(1, 2);
            la.getAndAdd(0, 3L);
            la.incrementAndGet(1);
            int v;
            do {
                v = cas.get();
            } while (!cas.compareAndSet(v, v + 1));
        }
    }

    @Test
    void lockFreeAtomicsFromTwoChildrenAreExact() throws Exception {
        IntValue iv = Value.rawInt(0);
        LongValue lv = Value.ofLong(0);
        IntValue cas = Value.ofInt(0);
        IntArray ia = Array.rawIntsOfLength(2);
        LongArray la = Array.longsOfLength(2);
        IntValue ready = Value.rawInt(0);
        runChildren(() -> hammerAtomics(iv, lv, cas, ia, la, ready, 10_000),
                () -> hammerAtomics(iv, lv, cas, ia, la, ready, 10_000));
        assertEquals(20_000, iv.get());
        assertEquals(20_000L, lv.get());
        assertEquals(20_000, cas.get());
        assertArrayEquals(new int[] {20_000, 40_000}, ia.toArray());
        assertArrayEquals(new long[] {60_000L, 20_000L}, la.toArray());
    }

    @Test
    void arraysOfALengthAreZeroFilledAlsoInAChild() throws Exception {
        assertArrayEquals(new int[1000], Array.intsOfLength(1000).toArray());
        assertArrayEquals(new long[1000], Array.rawLongsOfLength(1000).toArray());
        assertArrayEquals(new double[1000], Array.doublesOfLength(1000, new Lock()).toArray());
        assertArrayEquals(new float[1000], Array.floatsOfLength(1000).toArray());
        assertArrayEquals(new short[1000], Array.shortsOfLength(1000).toArray());
        assertArrayEquals(new byte[1000], Array.bytesOfLength(1000).toArray());
        assertArrayEquals(new char[1000], Array.charsOfLength(1000).toArray());
        assertArrayEquals(new int[10], (int[]) Array.of('i', 10).toArray());
        assertArrayEquals(new double[10], (double[]) Array.of('d', 10).toArray());
        assertEquals(0, Array.intsOfLength(0).length());
        assertEquals(0L, Value.of('l').getObject());
        DoubleArray fromParent = Array.doublesOfLength(100_000);
        try (var out = CapturedOutput.stdout()) {
            runChildren(() -> {
                double sum = 0;
                for (double x : fromParent.toArray()) {
                    sum += Math.abs(x);
                }
                long childSum = 0;
                for (long x : Array.longsOfLength(100_000).toArray()) {
                    childSum += Math.abs(x);
                }
                System.out.println("zero-sums=" + sum + " " + childSum + " " + Value.ofInt(0).get());
                System.out.println("zero-child-pid=" + ProcessHandle.current().pid());
            });
            assertEquals("0.0 0 0", out.awaitValue("zero-sums=", HANG));
            String childPrefix = "mp4j-" + out.awaitValue("zero-child-pid=", HANG) + "-";
            try (var files = java.nio.file.Files.list(org.multiprocessing4j.internal.shm.SharedSegments.directory())) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(childPrefix))
                        .toList(), "the child's segments are unlinked when it exits");
            }
        }
    }

    @Test
    void pythonSpellingGivesTheTypedFormsAndConverts() throws Exception {
        Value v = Value.of('i', 0);
        assertInstanceOf(IntValue.class, v);
        assertTrue(v.hasLock());
        v.setObject(41);
        assertEquals(42, ((IntValue) v).incrementAndGet());
        assertEquals(42, v.getObject());
        assertEquals(2.0, Value.of('d', 2).getObject()); // an int converts to double, as in CPython
        assertEquals(2.5f, Value.of('f', 2.5).getObject());
        assertEquals(1L << 40, Value.of('l', 1L << 40).getObject());
        assertEquals((short) -5, Value.of('h', -5).getObject());
        assertEquals((byte) -1, Value.of('b', -1).getObject());
        assertEquals('x', Value.of('c', "x").getObject());
        assertEquals('\u00ff', Value.of('c', (byte) -1).getObject());
        assertEquals('A', Value.of('c', 65).getObject());
        assertInstanceOf(CharValue.class, Value.of('c', new byte[] {'q'}));
        assertEquals(0.0, Value.of('d').getObject());

        Array zeros = Array.of('i', 10);
        assertInstanceOf(IntArray.class, zeros);
        assertEquals(10, zeros.length());
        Array ds = Array.of('d', new double[] {1.5, 2.5});
        assertInstanceOf(DoubleArray.class, ds);
        assertEquals(List.of(1.5, 2.5), ds.toList());
        assertEquals(List.of(1, 2, 3), Array.of('i', List.of(1, 2, 3)).toList());
        assertEquals(List.of(1L, 2L), Array.of('l', new int[] {1, 2}).toList());
        assertEquals(List.of(1.0, 2.0), Array.of('d', new Integer[] {1, 2}).toList());
        assertEquals("abc", ((CharArray) Array.of('c', "abc")).toLatin1String());
        assertEquals("\u00ff", ((CharArray) Array.of('c', new byte[] {-1})).toLatin1String());
        zeros.setObject(3, 33);
        assertEquals(33, zeros.getObject(3));

        assertFalse(Value.of('i', 0, false).hasLock());
        assertTrue(Value.of('i', 0, true).hasLock());
        assertFalse(Value.raw('d', 1.0).hasLock());
        assertFalse(Array.of('i', 3, false).hasLock());
        assertFalse(Array.raw('h', List.of(1, 2)).hasLock());
        RLock lock = new RLock();
        assertSame(lock, Value.of('i', 0, lock).getLock());
        assertSame(lock, Array.of('d', 4, lock).getLock());

        Value shared = Value.of('d', 1.5);
        Array sharedArray = Array.of('h', List.of(1, 2, 3));
        runChildren(() -> {
            shared.setObject((Double) shared.getObject() * 2);
            sharedArray.setObject(2, ((Short) sharedArray.getObject(2)) + 40);
        });
        assertEquals(3.0, shared.getObject());
        assertEquals(List.of((short) 1, (short) 2, (short) 43), sharedArray.toList());
    }

    @Test
    void rawFormsHaveNoLockAndWorkAcrossProcesses() throws Exception {
        IntValue raw = Value.rawInt(7);
        IntArray rawArray = Array.rawInts(1, 2, 3);
        assertFalse(raw.hasLock());
        assertThrowsWith(UnsupportedOperationException.class, "without a lock", raw::getLock);
        assertThrowsWith(UnsupportedOperationException.class, "RawValue", rawArray::getLock);
        assertFalse(Value.rawChar('a').hasLock());
        assertFalse(Array.rawDoubles(1.0).hasLock());
        assertFalse(Array.rawCharsOfLength(3).hasLock());
        try (var out = CapturedOutput.stdout()) {
            runChildren(() -> {
                raw.incrementAndGet();
                rawArray.set(0, 10);
                try {
                    rawArray.getLock();
                    System.out.println("raw-lock=present");
                } catch (UnsupportedOperationException e) {
                    System.out.println("raw-lock=absent");
                }
            });
            assertEquals("absent", out.awaitValue("raw-lock=", HANG));
        }
        assertEquals(8, raw.get());
        assertArrayEquals(new int[] {10, 2, 3}, rawArray.toArray());
    }

    static void incrementUnderSuppliedLock(IntValue v, IntArray a, IntValue ready, int times)
            throws InterruptedException {
        startTogether(ready, 2);
        for (int n = 0; n < times; n++) {
            try (var _ = v.getLock().hold()) {
                if (!a.getLock().isHeldByCurrentThread()) {
                    throw new AssertionError("the value and the array do not share the supplied lock");
                }
                v.set(v.get() + 1);
                a.set(0, a.get(0) + 1);
                int[] copy = a.toArray(); // the supplied Lock is not reentrant: the bulk copy must not take it again
                a.set(1, copy[1] + 1);
            }
        }
    }

    @Test
    void aSuppliedLockGuardsSeveralObjectsAcrossChildren() throws Exception {
        Lock lock = new Lock();
        IntValue v = Value.ofInt(0, lock);
        IntArray a = Array.intsOfLength(2, lock);
        assertSame(lock, v.getLock());
        assertSame(lock, a.getLock());
        IntValue ready = Value.rawInt(0);
        runChildren(() -> incrementUnderSuppliedLock(v, a, ready, 2_000),
                () -> incrementUnderSuppliedLock(v, a, ready, 2_000));
        assertEquals(4_000, v.get());
        assertArrayEquals(new int[] {4_000, 4_000}, a.toArray());
        assertFalse(lock.isLocked());
        assertThrows(NullPointerException.class, () -> Value.ofInt(0, (SharedLock) null));
        assertThrows(NullPointerException.class, () -> Array.ofInts(new int[1], (SharedLock) null));
        assertThrows(NullPointerException.class, () -> Value.of('i', 0, (SharedLock) null));
    }

    @Test
    void theDefaultLockIsAReentrantRLockAndBulkCopiesRespectIt() throws Exception {
        DoubleArray a = Array.ofDoubles(1, 2);
        RLock lock = (RLock) a.getLock();
        try (var _ = lock.hold()) {
            try (var _ = a.getLock().hold()) {
                assertEquals(2, lock.holdCount());
                assertArrayEquals(new double[] {1, 2}, a.toArray());
            }
        }
        assertFalse(lock.isLocked());
        Event holding = new Event();
        Event go = new Event();
        Process holder = new Process(() -> {
            try (var _ = a.getLock().hold()) {
                a.set(0, 10);
                holding.set();
                go.await(); // until this JVM's toArray waits for the lock
                a.set(1, 20);
            }
        });
        holder.start();
        assertTrue(holding.await(HANG));
        CompletableFuture<double[]> copy = CompletableFuture.supplyAsync(a::toArray);
        // A toArray that did not wait for the lock ends now, with [10, 2].
        awaitWaitingForALockOrDone(copy);
        go.set();
        assertArrayEquals(new double[] {10, 20}, copy.get(HANG.toSeconds(), TimeUnit.SECONDS),
                "toArray waited for the lock, so it saw both writes");
        assertTrue(holder.join(HANG));
        assertEquals(OptionalInt.of(0), holder.exitCode());
    }

    /**
     * Waits until {@code call} is done, or the thread that runs it waits for a lock held by
     * another process (it is in the futex wait loop, which only a taken lock enters). Polls that thread's stack, since a futex
     * wait has no notification of its own; bounded, to catch a hang.
     */
    static void awaitWaitingForALockOrDone(CompletableFuture<?> call) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (!call.isDone()) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith(".FutexWait"))
                        && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("toArray"))) {
                    return;
                }
            }
            assertTrue(System.nanoTime() - deadline < 0, "toArray neither returned nor waited for the lock");
            Thread.sleep(1); // polls a state that has no notification of its own
        }
    }

    @Test
    void handlesSerializeToTheSameMemoryWithTheirLocks() throws Exception {
        IntValue v = Value.ofInt(1);
        IntValue vCopy = roundTrip(v);
        assertNotSame(v, vCopy);
        vCopy.set(5);
        assertEquals(5, v.get());
        Lock lock = new Lock();
        LongArray a = Array.longsOfLength(3, lock);
        LongArray aCopy = roundTrip(a);
        assertEquals(3, aCopy.length());
        aCopy.set(2, 9L);
        assertEquals(9L, a.get(2));
        try (var _ = lock.hold()) {
            assertTrue(aCopy.getLock().isHeldByCurrentThread(), "the copy has the same supplied lock");
        }
        try (var _ = v.getLock().hold()) {
            assertTrue(vCopy.getLock().isHeldByCurrentThread(), "the copy has the same own RLock");
        }
        Value raw = roundTrip(Value.raw('c', 'k'));
        assertFalse(raw.hasLock());
        assertEquals('k', raw.getObject());
        assertEquals(List.of('h', 'i'), roundTrip(Array.of('c', "hi")).toList());
    }

    @Test
    void handlesPassedThroughAQueueReachTheSameMemory() throws Exception {
        Queue<Object> q = new Queue<>();
        IntValue v = Value.ofInt(1);
        IntArray a = Array.ofInts(1, 2);
        ShareableList list = ShareableList.of("x");
        try (SharedMemory shm = SharedMemory.create(16)) {
            q.put(v);
            q.put(a);
            q.put(shm);
            q.put(list);
            runChildren(() -> {
                IntValue cv = (IntValue) q.get();
                IntArray ca = (IntArray) q.get();
                SharedMemory cshm = (SharedMemory) q.get();
                ShareableList clist = (ShareableList) q.get();
                cv.addAndGet(10);
                ca.set(1, 20);
                cshm.segment().set(ValueLayout.JAVA_INT, 0, 30);
                clist.set(0, "y");
            });
            assertEquals(11, v.get());
            assertArrayEquals(new int[] {1, 20}, a.toArray());
            assertEquals(30, shm.segment().get(ValueLayout.JAVA_INT, 0));
            assertEquals("y", list.get(0));
            shm.unlink();
        } finally {
            list.close();
            list.unlink();
            q.close();
        }
    }

    @Test
    void badTypecodesIndexesLengthsAndValuesGiveClearErrors() {
        assertThrowsWith(IllegalArgumentException.class, "typecode='x'", () -> Value.of('x', 0));
        assertThrowsWith(IllegalArgumentException.class, "typecode='q'", () -> Array.of('q', 3));
        assertThrowsWith(IllegalArgumentException.class, "typecode='I'", () -> Value.of('I'));

        IntArray a = Array.intsOfLength(5);
        assertThrowsWith(IndexOutOfBoundsException.class, "index=5, length=5", () -> a.get(5));
        assertThrowsWith(IndexOutOfBoundsException.class, "index=-1, length=5", () -> a.set(-1, 0));
        assertThrowsWith(IndexOutOfBoundsException.class, "index=5, length=5", () -> a.incrementAndGet(5));
        assertThrowsWith(IndexOutOfBoundsException.class, "index=7, length=5", () -> a.getObject(7));
        assertThrowsWith(IndexOutOfBoundsException.class, "index=0, length=0", () -> Array.charsOfLength(0).get(0));
        assertThrowsWith(IndexOutOfBoundsException.class, "index=3, n=3, length=5", () -> a.copyTo(3, new int[10], 0, 3));
        assertThrowsWith(IndexOutOfBoundsException.class, "dstIndex=1, n=3, dst.length=3", () -> a.copyTo(0, new int[3], 1, 3));
        assertThrowsWith(IndexOutOfBoundsException.class, "n=-1", () -> a.copyTo(0, new int[3], 0, -1));
        assertThrowsWith(IndexOutOfBoundsException.class, "index=0, n=6, length=5", () -> a.copyFrom(new int[6]));
        assertThrowsWith(IndexOutOfBoundsException.class, "srcIndex=2, n=2, src.length=3",
                () -> a.copyFrom(new int[3], 2, 0, 2));

        assertThrowsWith(IllegalArgumentException.class, "length=-1", () -> Array.intsOfLength(-1));
        assertThrowsWith(IllegalArgumentException.class, "length=-1", () -> Array.of('d', -1));
        assertThrowsWith(IllegalArgumentException.class, "sizeOrInitializer=1.5", () -> Array.of('i', 1.5));

        assertThrowsWith(IllegalArgumentException.class, "value=128", () -> Value.of('b', 128));
        assertThrowsWith(IllegalArgumentException.class, "value=40000", () -> Value.of('h', 40_000));
        assertThrowsWith(IllegalArgumentException.class, "value=1099511627776", () -> Value.of('i', 1L << 40));
        assertThrowsWith(IllegalArgumentException.class, "not an integer", () -> Value.of('i', 1.5));
        assertThrowsWith(IllegalArgumentException.class, "value=\"1\"", () -> Value.of('l', "1"));
        assertThrowsWith(IllegalArgumentException.class, "0..255", () -> Value.of('c', 256));
        assertThrowsWith(IllegalArgumentException.class, "0..255", () -> Value.ofChar('\u0100'));
        assertThrowsWith(IllegalArgumentException.class, "src[1]", () -> Array.ofChars('a', '\u20ac'));
        assertThrowsWith(IllegalArgumentException.class, "values[1]=\"x\"", () -> Array.of('i', List.of(1, "x")));
        assertThrowsWith(IllegalArgumentException.class, "values[0]=300", () -> Array.of('b', new int[] {300}));
        CharArray chars = Array.ofChars('a', 'b');
        assertThrowsWith(IllegalArgumentException.class, "0..255", () -> chars.set(0, '\u0100'));
        assertThrowsWith(IllegalArgumentException.class, "src[1]", () -> chars.copyFrom(new char[] {'c', '\u0100'}));
        assertEquals("ab", chars.toLatin1String(), "a rejected copy writes nothing");
        Value v = Value.of('d', 1.0);
        assertThrowsWith(IllegalArgumentException.class, "value=null", () -> v.setObject(null));
        assertThrowsWith(IllegalArgumentException.class, "value=\"2\"", () -> v.setObject("2"));
    }
}
