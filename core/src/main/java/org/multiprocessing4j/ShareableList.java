package org.multiprocessing4j;

import static org.multiprocessing4j.internal.local.ShareableListLayout.CAP;
import static org.multiprocessing4j.internal.local.ShareableListLayout.COUNT;
import static org.multiprocessing4j.internal.local.ShareableListLayout.ENTRY_LENGTH;
import static org.multiprocessing4j.internal.local.ShareableListLayout.KIND;
import static org.multiprocessing4j.internal.local.ShareableListLayout.KIND_WORD;
import static org.multiprocessing4j.internal.local.ShareableListLayout.LEN;
import static org.multiprocessing4j.internal.local.ShareableListLayout.MUTEX;
import static org.multiprocessing4j.internal.local.ShareableListLayout.OFF;
import static org.multiprocessing4j.internal.local.ShareableListLayout.PAYLOAD_BYTES;
import static org.multiprocessing4j.internal.local.ShareableListLayout.SEQ;
import static org.multiprocessing4j.internal.local.ShareableListLayout.TABLE;
import static org.multiprocessing4j.internal.local.ShareableListLayout.TAG;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.UserSegments;
import org.multiprocessing4j.internal.sync.SharedMutex;

/**
 * A fixed number of slots in shared memory, each holding an {@code Integer}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code String}, {@code byte[]} or {@code null}, as Python's
 * {@code multiprocessing.shared_memory.ShareableList}.
 *
 * <pre>{@code
 * ShareableList list = ShareableList.of(1, 2L, 3.5, true, "howdy", new byte[] {1, 2}, null);
 * String name = list.name();
 * Process p = new Process(() -> {
 *     ShareableList same = ShareableList.attach(name);   // or capture list itself
 *     same.set(4, "HOWDY");                              // fits: same length as "howdy"
 *     same.close();
 * });
 * p.start();
 * p.join();
 * System.out.println(list.get(4));                       // HOWDY
 * list.close();
 * list.unlink();
 * }</pre>
 *
 * <h2>Slots</h2>
 * As in CPython, the number of slots and each slot's capacity are fixed when the list is made: a
 * slot holds up to 8 bytes, or, for a {@code String} (UTF-8) or {@code byte[]}, its length at
 * creation rounded up to a multiple of 8. Any item that fits may be stored in a slot later,
 * whatever its type; a longer one throws {@link IllegalArgumentException}. A {@code byte[]} is
 * copied in and out. Indexes run from 0 to {@code size()-1} (no negative indexes).
 *
 * <h2>Concurrency: what is atomic</h2>
 * Each {@link #set} is atomic: a {@link #get} of that slot in any process returns the old item or
 * the new one, whole, never a mix. Sets (of any slot) are serialized by one lock in the list's
 * memory; gets take no lock (each slot has a sequence number, odd while it is written, and a
 * reader retries if it changed; after a few retries it takes the lock). Nothing spanning several
 * calls is atomic: {@link #count}, {@link #index}, {@link #toList()} read the slots one by one,
 * and {@code set(i, get(i) + 1)} can lose updates; guard such compound actions with a
 * {@link Lock} of your own. (CPython's ShareableList has no locking at all.)
 *
 * <h2>Process death</h2>
 * If a process dies in the middle of a {@code set}, the next {@code set} or waiting {@code get}
 * takes the lock over within about half a second; the slot it was writing then reads as {@code null}.
 *
 * <h2>Layout</h2>
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        SharedMutex taken by setters (SharedMutex.LENGTH = 48)  |  0
 *  +---------------------------------------------------------------+
 *  |    kind "SLST" (written last, with release, by the creator)    | 48
 *  +---------------------------------------------------------------+
 *  |                     n, the number of slots                    | 52
 *  +---------------------------------------------------------------+
 *  |                     total payload bytes                       | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  slot table, n entries of 24 bytes; entry i at 64 + 24 i:      | 64
 *  |  +0  sequence: even = stable, odd = being set                  |
 *  |  +4  type tag: 0 null, 1 Integer, 2 Long, 3 Double, 4 Boolean, |
 *  |                5 String (UTF-8), 6 byte[]                      |
 *  |  +8  length in bytes of the current item                       |
 *  |  +12 capacity in bytes (fixed at creation, multiple of 8)      |
 *  |  +16 offset of the payload from data start (8 bytes, fixed)    |
 *  +---------------------------------------------------------------+
 *  |  payloads at their offsets, capacity bytes each, in order;     | 64 + 24 n
 *  |  numbers in native byte order                                  |
 *  +---------------------------------------------------------------+
 * </pre>
 * Offsets are from the start of the segment's data. Capacities and offsets never change; tag and
 * length change with the payload under the sequence number.
 *
 * <p>It is {@link Serializable} by name: a copy sent to another process attaches there. Lifetime,
 * {@link #close()} and {@link #unlink()} are as for {@link SharedMemory}.
 */
public final class ShareableList implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;


    private static final int NULL = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final int BOOLEAN = 4;
    private static final int STRING = 5;
    private static final int BYTES = 6;

    /** Lock-free read attempts before a reader takes the lock. */
    private static final int READ_RETRIES = 64;
    private static final VarHandle INT_HANDLE = ValueLayout.JAVA_INT.varHandle();
    private static final byte[] EMPTY = new byte[0];

    private final transient String name;
    private final transient SharedSegment segment;
    private final transient MemorySegment memory;
    private final transient SharedMutex mutex;
    /** Capacity of each slot; immutable copy of the table's. */
    private final transient int[] capacity;
    /** Payload offset of each slot; immutable copy of the table's. */
    private final transient long[] offset;
    /** Set once by {@link #close()}. */
    private transient volatile boolean closed;

    private ShareableList(String name, SharedSegment segment, int[] capacity, long[] offset) {
        this.name = name;
        this.segment = segment;
        this.memory = segment.data();
        this.mutex = new SharedMutex(memory, MUTEX);
        this.capacity = capacity;
        this.offset = offset;
    }

    /** An item as stored: a type tag and its bytes. */
    private record Encoded(int tag, byte[] bytes) {}

    /**
     * A new list holding {@code items}, under a generated name: Python's {@code ShareableList(items)}.
     *
     * @param items the initial items: numbers, booleans, strings, byte arrays or nulls
     * @return a new list holding {@code items}, under a generated name
     * @throws IllegalArgumentException if an item is not an {@code Integer}, {@code Long},
     *     {@code Double}, {@code Boolean}, {@code String}, {@code byte[]} or null
     * @throws IllegalStateException if there is not enough free space in {@code /dev/shm}
     */
    public static ShareableList of(Object... items) {
        return make(null, items.clone());
    }

    /**
     * A new list holding the items of {@code items}, in iteration order, under a generated name.
     *
     * @param items the initial items: numbers, booleans, strings, byte arrays or nulls
     * @return a new list holding the items of {@code items}, in iteration order, under a generated
     *     name
     * @throws IllegalArgumentException as {@link #of(Object...)} says
     */
    public static ShareableList copyOf(Collection<?> items) {
        return make(null, items.toArray());
    }

    /**
     * A new list named {@code name} holding {@code items}: Python's {@code ShareableList(items, name=name)}.
     *
     * @param name the segment's name, as in {@code /dev/shm} (without a leading slash)
     * @param items the initial items: numbers, booleans, strings, byte arrays or nulls
     * @return a new list named {@code name} holding {@code items}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is not 1 to 200 characters of
     *     {@code [A-Za-z0-9_.-]}, or an item is of a type a slot cannot hold
     * @throws IllegalStateException if the name is in use, or there is not enough space
     */
    public static ShareableList create(String name, Object... items) {
        return make(Objects.requireNonNull(name, "name"), items.clone());
    }

    /**
     * Attaches the list named {@code name}: Python's {@code ShareableList(name=name)}.
     *
     * @param name the segment's name, as in {@code /dev/shm} (without a leading slash)
     * @return a new view of the existing list; close it when done
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is malformed, or the shared memory of that name
     *     is not a ShareableList
     * @throws NoSuchElementException if there is no shared memory of that name
     */
    public static ShareableList attach(String name) {
        SharedSegment s = UserSegments.attach(name);
        try {
            return read(name, s);
        } catch (RuntimeException e) {
            UserSegments.release(s);
            throw e;
        }
    }

    private static ShareableList make(String name, Object[] items) {
        int n = items.length;
        Encoded[] encoded = new Encoded[n];
        int[] capacity = new int[n];
        long[] offset = new long[n];
        long at = TABLE + (long) ENTRY_LENGTH * n;
        for (int i = 0; i < n; i++) {
            encoded[i] = encode(items[i], "items[" + i + "]");
            capacity[i] = Math.max(8, (encoded[i].bytes().length + 7) & ~7);
            offset[i] = at;
            at += capacity[i];
        }
        SharedSegment s = UserSegments.create(name, at);
        MemorySegment m = s.data();
        for (int i = 0; i < n; i++) {
            long e = entry(i);
            byte[] b = encoded[i].bytes();
            m.set(ValueLayout.JAVA_INT, e + TAG, encoded[i].tag());
            m.set(ValueLayout.JAVA_INT, e + LEN, b.length);
            m.set(ValueLayout.JAVA_INT, e + CAP, capacity[i]);
            m.set(ValueLayout.JAVA_LONG, e + OFF, offset[i]);
            MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, offset[i], b.length);
        }
        m.set(ValueLayout.JAVA_INT, COUNT, n);
        m.set(ValueLayout.JAVA_LONG, PAYLOAD_BYTES, at - TABLE - (long) ENTRY_LENGTH * n);
        INT_HANDLE.setRelease(m, KIND, KIND_WORD);
        return new ShareableList(name == null ? s.name() : name, s, capacity, offset);
    }

    private static ShareableList read(String name, SharedSegment s) {
        MemorySegment m = s.data();
        long size = m.byteSize();
        if (size < TABLE) {
            throw notAList(name, "data size=" + size + " is below " + TABLE);
        }
        awaitKind(name, m);
        int n = m.get(ValueLayout.JAVA_INT, COUNT);
        if (n < 0 || TABLE + (long) ENTRY_LENGTH * n > size) {
            throw notAList(name, "slot count=" + n + " does not fit data size=" + size);
        }
        int[] capacity = new int[n];
        long[] offset = new long[n];
        long tableEnd = TABLE + (long) ENTRY_LENGTH * n;
        for (int i = 0; i < n; i++) {
            long e = entry(i);
            capacity[i] = m.get(ValueLayout.JAVA_INT, e + CAP);
            offset[i] = m.get(ValueLayout.JAVA_LONG, e + OFF);
            if (capacity[i] < 8 || offset[i] < tableEnd || offset[i] % 8 != 0 || offset[i] + capacity[i] > size) {
                throw notAList(name, "slot " + i + " has capacity=" + capacity[i] + ", offset=" + offset[i]);
            }
        }
        return new ShareableList(name, s, capacity, offset);
    }

    /** Waits briefly for a creator that is still writing the list (named lists can be attached early). */
    private static void awaitKind(String name, MemorySegment m) {
        long deadline = System.nanoTime() + 500_000_000L;
        int kind;
        while ((kind = (int) INT_HANDLE.getAcquire(m, KIND)) == 0 && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        if (kind != KIND_WORD) {
            throw notAList(name, "kind=0x" + Integer.toHexString(kind) + ", expected 0x" + Integer.toHexString(KIND_WORD));
        }
    }

    private static IllegalArgumentException notAList(String name, String why) {
        return new IllegalArgumentException("shared memory name=" + name + " is not a ShareableList (" + why + ")");
    }

    private static long entry(int index) {
        return TABLE + (long) ENTRY_LENGTH * index;
    }

    private static Encoded encode(Object item, String what) {
        return switch (item) {
            case null -> new Encoded(NULL, EMPTY);
            case Integer i -> new Encoded(INT, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(i).array());
            case Long l -> new Encoded(LONG, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(l).array());
            case Double d -> new Encoded(DOUBLE, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putDouble(d).array());
            case Boolean b -> new Encoded(BOOLEAN, new byte[] {(byte) (b ? 1 : 0)});
            case String s -> new Encoded(STRING, s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> new Encoded(BYTES, b.clone());
            default -> throw new IllegalArgumentException(what + "=" + item + " (" + item.getClass().getName()
                    + ") cannot be stored: a slot holds an Integer, Long, Double, Boolean, String, byte[] or null"
                    + (item instanceof Collection || item instanceof Object[]
                            ? "; for the items of a collection use ShareableList.copyOf(items)" : ""));
        };
    }

    private static Object decode(int tag, byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        return switch (tag) {
            case INT -> buf.getInt();
            case LONG -> buf.getLong();
            case DOUBLE -> buf.getDouble();
            case BOOLEAN -> b[0] != 0;
            case STRING -> new String(b, StandardCharsets.UTF_8);
            case BYTES -> b;
            default -> null;
        };
    }

    /** Whether a tag and length read without the lock are plausible for slot {@code index}. */
    private boolean plausible(int index, int tag, int len) {
        return tag >= NULL && tag <= BYTES && len >= 0 && len <= capacity[index];
    }

    /**
     * The name, as given to {@code create}/{@code attach} or generated.
     *
     * @return the name, as given to {@code create}/{@code attach} or generated
     */
    public String name() {
        return name;
    }

    /**
     * The number of slots: Python's {@code len(list)}.
     *
     * @return the number of slots
     */
    public int size() {
        return capacity.length;
    }

    /**
     * The item in slot {@code index}: Python's {@code list[index]}. A {@code byte[]} is a copy.
     * Lock-free unless the slot keeps changing (see the class comment).
     *
     * @param index the slot's position, from 0 to {@code size() - 1}
     * @return the item in slot {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..size()-1}
     * @throws IllegalStateException if this list is closed
     */
    public Object get(int index) {
        checkOpen();
        checkIndex(index);
        long e = entry(index);
        for (int attempt = 0; attempt < READ_RETRIES; attempt++) {
            int before = (int) INT_HANDLE.getAcquire(memory, e + SEQ);
            if ((before & 1) == 0) {
                int tag = (int) INT_HANDLE.get(memory, e + TAG);
                int len = (int) INT_HANDLE.get(memory, e + LEN);
                if (plausible(index, tag, len)) {
                    byte[] b = new byte[len];
                    MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset[index], b, 0, len);
                    VarHandle.loadLoadFence();
                    if ((int) INT_HANDLE.getVolatile(memory, e + SEQ) == before) {
                        return decode(tag, b);
                    }
                }
            }
            Thread.onSpinWait();
        }
        lock();
        try {
            int len = (int) INT_HANDLE.get(memory, e + LEN);
            byte[] b = new byte[len];
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset[index], b, 0, len);
            return decode((int) INT_HANDLE.get(memory, e + TAG), b);
        } finally {
            mutex.release();
        }
    }

    /**
     * Stores {@code item} in slot {@code index}: Python's {@code list[index] = item}. Atomic, as the
     * class comment says; waits while another process sets a slot.
     *
     * @param index the slot's position, from 0 to {@code size() - 1}
     * @param item the new item: a number, boolean, string, byte array or null that fits the slot's
     *     capacity
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..size()-1}
     * @throws IllegalArgumentException if the item is of a type a slot cannot hold, or longer than
     *     the slot's capacity (CPython's "exceeds available storage")
     * @throws IllegalStateException if this list is closed
     */
    public void set(int index, Object item) {
        checkOpen();
        checkIndex(index);
        Encoded enc = encode(item, "item");
        byte[] b = enc.bytes();
        if (b.length > capacity[index]) {
            throw new IllegalArgumentException("item of " + b.length + " bytes (" + item.getClass().getSimpleName()
                    + (item instanceof String ? ", UTF-8" : "") + ") does not fit slot " + index + " of capacity="
                    + capacity[index] + " bytes, fixed when the list was made");
        }
        long e = entry(index);
        lock();
        try {
            int seq = (int) INT_HANDLE.get(memory, e + SEQ);
            INT_HANDLE.setOpaque(memory, e + SEQ, seq + 1); // odd: readers retry
            VarHandle.storeStoreFence();
            MemorySegment.copy(b, 0, memory, ValueLayout.JAVA_BYTE, offset[index], b.length);
            INT_HANDLE.set(memory, e + TAG, enc.tag());
            INT_HANDLE.set(memory, e + LEN, b.length);
            INT_HANDLE.setRelease(memory, e + SEQ, seq + 2);
        } finally {
            mutex.release();
        }
    }

    /** Takes the setters' lock, ignoring interrupts (re-asserted); repairs what a dead setter left. */
    private void lock() {
        boolean interrupted = false;
        SharedMutex.Acquired acquired;
        while (true) {
            try {
                acquired = mutex.acquire(Long.MAX_VALUE);
                break;
            } catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (acquired == SharedMutex.Acquired.FROM_DEAD_OWNER) {
            for (int i = 0; i < capacity.length; i++) {
                long e = entry(i);
                int seq = (int) INT_HANDLE.get(memory, e + SEQ);
                if ((seq & 1) != 0) { // a setter died writing it: the item is lost
                    INT_HANDLE.set(memory, e + TAG, NULL);
                    INT_HANDLE.set(memory, e + LEN, 0);
                    INT_HANDLE.setRelease(memory, e + SEQ, seq + 1);
                }
            }
        }
    }

    /**
     * How many slots hold an item equal to {@code item} ({@link Objects#equals}, byte arrays by
     * content; an {@code Integer} never equals a {@code Long}): Python's {@code list.count(item)}.
     *
     * @param item the item to compare with
     * @return how many slots hold an item equal to {@code item} ({@link Objects#equals}, byte
     *     arrays by content; an {@code Integer} never equals a {@code Long})
     * @throws IllegalStateException if this list is closed
     */
    public int count(Object item) {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (same(get(i), item)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The first slot holding an item equal to {@code item} (as {@link #count} compares): Python's
     * {@code list.index(item)}.
     *
     * @param item the item to compare with
     * @return the first slot holding an item equal to {@code item} (as {@link #count} compares)
     * @throws NoSuchElementException if no slot holds it (CPython's {@code ValueError})
     * @throws IllegalStateException if this list is closed
     */
    public int index(Object item) {
        for (int i = 0; i < size(); i++) {
            if (same(get(i), item)) {
                return i;
            }
        }
        throw new NoSuchElementException("item=" + show(item) + " is not in ShareableList name=" + name);
    }

    /**
     * The items, read slot by slot, in a new unmodifiable list (which may hold nulls).
     *
     * @return the items, read slot by slot, in a new unmodifiable list (which may hold nulls)
     * @throws IllegalStateException if this list is closed
     */
    public List<Object> toList() {
        Object[] items = new Object[size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = get(i);
        }
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    /**
     * The capacity in bytes of slot {@code index}, fixed at creation.
     *
     * @param index the slot's position, from 0 to {@code size() - 1}
     * @return the capacity in bytes of slot {@code index}, fixed at creation
     */
    public int capacity(int index) {
        checkIndex(index);
        return capacity[index];
    }

    private static boolean same(Object a, Object b) {
        return a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : Objects.equals(a, b);
    }

    private static String show(Object item) {
        return item instanceof byte[] b ? Arrays.toString(b) : String.valueOf(item);
    }

    private void checkIndex(int index) {
        if (Integer.compareUnsigned(index, capacity.length) >= 0) {
            throw new IndexOutOfBoundsException("index=" + index + ", length=" + capacity.length);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ShareableList name=" + name + " is closed");
        }
    }

    /**
     * Whether {@link #close()} was called on this object.
     *
     * @return whether {@link #close()} was called on this object
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unmaps the list from this object (from this process once all its objects for the name are
     * closed); afterwards its methods throw {@link IllegalStateException}. Does not remove the name:
     * see {@link #unlink()}. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        UserSegments.release(segment);
    }

    /**
     * Removes the name, so that the list can no longer be attached; processes that have it keep
     * using it. Allowed after {@link #close()}; idempotent.
     */
    public void unlink() {
        segment.unlink();
        UserSegments.unlinked(segment);
    }

    @Override
    public String toString() {
        if (closed) {
            return "ShareableList[name=" + name + ", closed]";
        }
        StringBuilder b = new StringBuilder("ShareableList[");
        for (int i = 0; i < size(); i++) {
            Object item = get(i);
            b.append(i == 0 ? "" : ", ").append(item instanceof String s ? "\"" + s + "\"" : show(item));
        }
        return b.append("] (name=").append(name).append(')').toString();
    }

    /**
     * The serialized form: a handle that deserializes into a list on the same shared object.
     *
     * @return the handle to serialize in this list's place
     */
    @Serial
    private Object writeReplace() {
        return new Handle(name);
    }

    /**
     * The serialized form: the name.
     *
     * @param name the segment's name, as in {@code /dev/shm} (without a leading slash)
     */
    private record Handle(String name) implements Serializable {
        @Serial
        private Object readResolve() {
            return attach(name);
        }
    }
}
