package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Array;
import org.multiprocessing4j.CharArray;
import org.multiprocessing4j.DoubleArray;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.LongArray;
import org.multiprocessing4j.LongValue;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Value;

/** The contract of {@link Value} and {@link Array} (synchronized and raw) across processes. */
public abstract class ValueArrayContract extends ContextContract {
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

    @Test
    public void aValueIncrementedUnderItsLockByProcessesGivesTheExactTotal() throws Exception {
        IntValue counter = context().make(() -> Value.ofInt(0));
        IntValue atomic = context().make(() -> Value.rawInt(0));
        int processes = 2;
        int each = 40;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            ps.add(start(() -> {
                for (int n = 0; n < each; n++) {
                    try (var _ = counter.getLock().hold()) { // the seed's: with v.get_lock(): v.value += 1
                        counter.set(counter.get() + 1);
                    }
                    atomic.incrementAndGet();
                }
            }));
        }
        joinAllOk(ps);
        assertEquals(processes * each, counter.get());
        assertEquals(processes * each, atomic.get());
        assertTrue(counter.hasLock());
        assertTrue(counter.getLock() instanceof RLock, "its own lock is an RLock");
        assertThrows(UnsupportedOperationException.class, atomic::getLock);
        assertFalse(atomic.hasLock());
    }

    @Test
    public void atomicsReturnWhatTheirNamesSayAndWrapAsJavasDo() {
        IntValue i = context().make(() -> Value.ofInt(10));
        assertEquals(11, i.incrementAndGet());
        assertEquals(11, i.getAndIncrement());
        assertEquals(11, i.decrementAndGet());
        assertEquals(11, i.getAndDecrement());
        assertEquals(15, i.addAndGet(5));
        assertEquals(15, i.getAndAdd(-5));
        assertFalse(i.compareAndSet(11, 0));
        assertTrue(i.compareAndSet(10, 1));
        assertEquals(1, i.getAndSet(Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, i.incrementAndGet()); // wraps, as AtomicInteger
        assertTrue(i.compareAndSet(Integer.MIN_VALUE, 7), "CAS after a wrapping add");
        LongValue l = context().make(() -> Value.rawLong(Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, l.incrementAndGet());
        assertEquals(Long.MIN_VALUE, l.getAndSet(5));
        assertEquals(4, l.decrementAndGet());
        assertTrue(l.compareAndSet(4, 40));
        assertEquals(40, l.getAndAdd(2));
        assertEquals(42, l.get());
        IntArray ia = context().make(() -> Array.ofInts(0, 100));
        assertEquals(101, ia.incrementAndGet(1));
        assertEquals(0, ia.getAndDecrement(0));
        assertEquals(-2, ia.decrementAndGet(0));
        assertEquals(-2, ia.getAndIncrement(0));
        assertTrue(ia.compareAndSet(0, -1, 5));
        assertEquals(5, ia.getAndSet(0, 6));
        assertEquals(16, ia.addAndGet(0, 10));
        assertEquals(16, ia.getAndAdd(0, 1));
        assertArrayEquals(new int[] {17, 101}, ia.toArray());
        LongArray la = context().make(() -> Array.rawLongs(1L << 40));
        assertEquals((1L << 40) + 1, la.incrementAndGet(0));
        assertFalse(la.compareAndSet(0, 0L, 1L));
        assertEquals((1L << 40) + 1, la.getAndSet(0, 7L));
        assertEquals(8L, la.addAndGet(0, 1L));
    }

    @Test
    public void anArrayIsUpdatedByOtherProcessesAsInTheSeedsExample() throws Exception {
        IntArray arr = context().make(() -> Array.ofInts(1, 2, 3, 4, 5));
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(start(() -> {
                try (var _ = arr.getLock().hold()) {
                    for (int k = 0; k < arr.length(); k++) {
                        arr.set(k, arr.get(k) + 1);
                    }
                }
            }));
        }
        joinAllOk(ps);
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, arr.toArray());

        DoubleArray ds = context().make(() -> Array.doublesOfLength(4));
        LongArray counts = context().make(() -> Array.rawLongsOfLength(3));
        joinOk(start(() -> {
            ds.copyFrom(new double[] {0.5, -1.5}, 0, 1, 2);
            for (int i = 0; i < 10; i++) {
                counts.incrementAndGet(i % 3);
            }
        }));
        assertArrayEquals(new double[] {0, 0.5, -1.5, 0}, ds.toArray());
        double[] part = new double[3];
        ds.copyTo(1, part, 1, 2);
        assertArrayEquals(new double[] {0, 0.5, -1.5}, part);
        assertArrayEquals(new long[] {4, 3, 3}, counts.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> arr.get(5));
        assertEquals("IntArray[3, 4, 5, 6, 7]", arr.toString());
        assertArrayEquals(new int[1000], context().make(() -> Array.intsOfLength(1000)).toArray(), "zero-filled");
    }

    @Test
    public void everyTypecodeRoundTripsThroughAnotherProcessAndSerialization() throws Exception {
        Map<Character, Object[]> cases = new LinkedHashMap<>(); // typecode -> {initial, set by the other process}
        cases.put('b', new Object[] {(byte) -5, (byte) 7});
        cases.put('c', new Object[] {'x', (char) 255});
        cases.put('h', new Object[] {(short) -300, (short) 1234});
        cases.put('i', new Object[] {-70000, Integer.MIN_VALUE});
        cases.put('l', new Object[] {Long.MIN_VALUE + 1, Long.MAX_VALUE});
        cases.put('f', new Object[] {-1.5f, 3.25f});
        cases.put('d', new Object[] {-0.0, 1e300});
        List<Value> values = new ArrayList<>();
        List<Value> raws = new ArrayList<>();
        List<Array> arrays = new ArrayList<>();
        for (var e : cases.entrySet()) {
            char t = e.getKey();
            Object initial = e.getValue()[0];
            values.add(context().value(t, initial));
            raws.add(context().make(() -> Value.raw(t, initial)));
            arrays.add(context().array(t, List.of(initial, e.getValue()[1], initial)));
        }
        Queue<List<Object>> seen = context().queue();
        List<Object[]> updates = new ArrayList<>(cases.values());
        Process p = start(() -> {
            List<Object> read = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                read.add(values.get(i).getObject());
                read.add(raws.get(i).getObject());
                read.add(arrays.get(i).toList());
                values.get(i).setObject(updates.get(i)[1]);
                raws.get(i).setObject(updates.get(i)[1]);
                arrays.get(i).setObject(2, updates.get(i)[1]);
            }
            seen.put(read);
        });
        List<Object> read = seen.get(HANG);
        joinOk(p);
        int i = 0;
        for (var e : cases.entrySet()) {
            Object initial = e.getValue()[0];
            Object updated = e.getValue()[1];
            String t = "typecode " + e.getKey();
            assertEquals(initial, read.get(3 * i), t + " value read by the other process");
            assertEquals(initial, read.get(3 * i + 1), t + " raw value read by the other process");
            assertEquals(List.of(initial, updated, initial), read.get(3 * i + 2), t + " array read by the other process");
            assertEquals(updated, values.get(i).getObject(), t + " value set by the other process");
            assertEquals(updated, raws.get(i).getObject(), t + " raw value set by the other process");
            assertEquals(List.of(initial, updated, updated), arrays.get(i).toList(), t + " array set by the other process");
            assertEquals(e.getKey(), values.get(i).typecode());
            assertEquals(e.getKey(), arrays.get(i).typecode());
            i++;
        }
        CharArray text = context().make(() -> Array.ofChars('a', 'b', 'c'));
        assertEquals("abc", text.toLatin1String());
        assertThrows(IllegalArgumentException.class, () -> text.set(0, '\u0100'));
    }

    @Test
    public void aSerializedHandleReachesTheSameCellsAndLock() throws Exception {
        Map<Character, Object> samples = new LinkedHashMap<>();
        samples.put('b', (byte) 7);
        samples.put('c', 'x');
        samples.put('h', (short) 12);
        samples.put('i', 12);
        samples.put('l', 12L);
        samples.put('f', 1.5f);
        samples.put('d', 2.5);
        for (var e : samples.entrySet()) {
            char t = e.getKey();
            Object sample = e.getValue();
            String what = "typecode " + t + ": a write through a deserialized copy";
            Value value = context().make(() -> Value.of(t)); // zero
            Value copy = roundTrip(value);
            assertTrue(copy.hasLock());
            copy.setObject(sample);
            assertEquals(sample, value.getObject(), what);
            Array array = context().array(t, 2);
            roundTrip(array).setObject(1, sample);
            assertEquals(sample, array.getObject(1), what);
            Value raw = context().make(() -> Value.raw(t, sample));
            assertFalse(roundTrip(raw).hasLock());
        }
        IntValue v = context().make(() -> Value.ofInt(1));
        IntValue vCopy = roundTrip(v);
        try (var _ = vCopy.getLock().hold()) {
            assertEquals(1, ((RLock) v.getLock()).holdCount(), "the copy's lock is the same lock");
        }
    }
}
