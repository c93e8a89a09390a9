package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.Map;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.spi.Cells;

/**
 * The cells of a {@link org.multiprocessing4j.Value} or {@link org.multiprocessing4j.Array} on the
 * cluster: one entry of the {@code IMap} {@value ClusterBackend#CELLS}, a {@code long[]} keyed by
 * the object's name. Every operation is an entry processor run on the member that owns the entry,
 * so each is atomic on its own and costs one round trip; the map keeps one backup, so the cells
 * survive the loss of one member. A missing entry reads as zeros: making cells costs nothing until
 * the first write.
 *
 * <p>Consistency is Hazelcast's: operations on one entry are ordered by its owner, but a read
 * from a backup after a failover may miss the last writes (AP, not linearizable).
 */
final class ClusterCells implements Cells {
    private final String name;
    private final int length;
    private final IMap<String, long[]> map;

    ClusterCells(ClusterBackend backend, String name, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + " must be >= 0");
        }
        this.name = name;
        this.length = length;
        this.map = backend.hazelcast.getMap(ClusterBackend.CELLS);
    }

    @Override
    public int length() {
        return length;
    }

    private void check(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index=" + index + ", length=" + length);
        }
    }

    @Override
    public long get(int index) {
        check(index);
        return map.executeOnKey(name, new Read(index));
    }

    @Override
    public void set(int index, long bits) {
        check(index);
        map.executeOnKey(name, new Update(Update.SET, index, bits, 0, length));
    }

    @Override
    public long getAndAdd(int index, long delta) {
        check(index);
        return map.executeOnKey(name, new Update(Update.ADD, index, delta, 0, length));
    }

    @Override
    public long getAndSet(int index, long bits) {
        check(index);
        return map.executeOnKey(name, new Update(Update.SET, index, bits, 0, length));
    }

    @Override
    public boolean compareAndSet(int index, long expected, long bits) {
        check(index);
        return map.executeOnKey(name, new Update(Update.CAS, index, bits, expected, length)) == 1L;
    }

    @Override
    public void setRange(int index, long[] bits, int offset, int n) {
        if (n < 0 || index < 0 || index > length - n || offset < 0 || offset > bits.length - n) {
            throw new IndexOutOfBoundsException("index=" + index + ", offset=" + offset + ", n=" + n + ", length="
                    + length + ", bits.length=" + bits.length);
        }
        long[] part = new long[n];
        System.arraycopy(bits, offset, part, 0, n);
        map.executeOnKey(name, new SetRange(index, part, length));
    }

    @Override
    public long[] snapshot() {
        long[] all = map.get(name);
        return all == null ? new long[length] : all;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("cells", name + "/" + length);
    }

    /** Reattaches from a handle's name, {@code <map key>/<length>}. */
    static ClusterCells attach(ClusterBackend backend, String ref) {
        int slash = ref.lastIndexOf('/');
        return new ClusterCells(backend, ref.substring(0, slash), Integer.parseInt(ref.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return "ClusterCells[" + name + ", length=" + length + "]";
    }

    private static long[] cellsOf(Map.Entry<String, long[]> entry, int length) {
        long[] v = entry.getValue();
        return v == null ? new long[length] : v;
    }

    /** Reads one cell. */
    record Read(int index) implements EntryProcessor<String, long[], Long>, ReadOnly, Serializable {
        @Override
        public Long process(Map.Entry<String, long[]> entry) {
            long[] v = entry.getValue();
            return v == null || index >= v.length ? 0L : v[index];
        }

        @Override
        public EntryProcessor<String, long[], Long> getBackupProcessor() {
            return null;
        }
    }

    /**
     * Changes one cell: {@code SET} stores {@code operand} and returns the old bits, {@code ADD}
     * adds it (wrapping) and returns the old bits, {@code CAS} stores it if the cell is {@code
     * expected} and returns 1, else 0.
     */
    record Update(int op, int index, long operand, long expected, int length)
            implements EntryProcessor<String, long[], Long>, Serializable {
        static final int SET = 0;
        static final int ADD = 1;
        static final int CAS = 2;

        @Override
        public Long process(Map.Entry<String, long[]> entry) {
            long[] v = cellsOf(entry, length);
            long before = v[index];
            switch (op) {
                case SET -> v[index] = operand;
                case ADD -> v[index] = before + operand;
                case CAS -> {
                    if (before != expected) {
                        return 0L;
                    }
                    v[index] = operand;
                    entry.setValue(v);
                    return 1L;
                }
                default -> throw new IllegalArgumentException("op=" + op);
            }
            entry.setValue(v);
            return before;
        }
    }

    /** Stores {@code bits} from cell {@code index} on. */
    record SetRange(int index, long[] bits, int length) implements EntryProcessor<String, long[], Long>, Serializable {
        @Override
        public Long process(Map.Entry<String, long[]> entry) {
            long[] v = cellsOf(entry, length);
            System.arraycopy(bits, 0, v, index, bits.length);
            entry.setValue(v);
            return 0L;
        }
    }
}
