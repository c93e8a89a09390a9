package org.multiprocessing4j.internal.pool;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntFunction;
import org.multiprocessing4j.Tuple2;

/**
 * Compact forms for lists of task arguments and results: a list of non-null Integers travels as
 * an {@code int[]}, Longs as a {@code long[]}, Doubles as a {@code double[]} (both codecs write
 * primitive arrays in bulk), pairs as two packed columns ({@link Pairs}), anything else as an
 * {@code Object[]}.
 *
 * <p>Packing is one pass over an array, decided by the first element's class and abandoned (to
 * {@code Object[]}) at the first element of another class: tasks' arguments and results are
 * nearly always all of one class, and this runs for every chunk on both sides.
 */
public final class Packing {
    private Packing() {}

    /** The compact form of {@code list}. */
    public static Object pack(List<?> list) {
        return pack(list.toArray());
    }

    /** The compact form of {@code values}; may be {@code values} itself, which the caller then no longer changes. */
    public static Object pack(Object[] values) {
        int n = values.length;
        Object first = n == 0 ? null : values[0];
        if (first instanceof Integer) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                if (!(values[i] instanceof Integer v)) {
                    return values;
                }
                a[i] = v;
            }
            return a;
        }
        if (first instanceof Long) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                if (!(values[i] instanceof Long v)) {
                    return values;
                }
                a[i] = v;
            }
            return a;
        }
        if (first instanceof Double) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                if (!(values[i] instanceof Double v)) {
                    return values;
                }
                a[i] = v;
            }
            return a;
        }
        if (first instanceof Tuple2<?, ?> t0 && t0.first() instanceof Integer && t0.second() instanceof Integer) {
            Object ints = intPairs(values);
            if (ints != null) {
                return ints;
            }
        }
        if (first instanceof Tuple2) {
            Object[] firsts = new Object[n];
            Object[] seconds = new Object[n];
            for (int i = 0; i < n; i++) {
                if (!(values[i] instanceof Tuple2<?, ?> t)) {
                    return values;
                }
                firsts[i] = t.first();
                seconds[i] = t.second();
            }
            return new Pairs(pack(firsts), pack(seconds));
        }
        return values;
    }

    /** Pairs of Integers as two int columns in one pass, or null if one is not such a pair. */
    private static Pairs intPairs(Object[] values) {
        int n = values.length;
        int[] firsts = new int[n];
        int[] seconds = new int[n];
        for (int i = 0; i < n; i++) {
            if (!(values[i] instanceof Tuple2<?, ?> t && t.first() instanceof Integer a && t.second() instanceof Integer b)) {
                return null;
            }
            firsts[i] = a;
            seconds[i] = b;
        }
        return new Pairs(firsts, seconds);
    }

    /**
     * A list of {@code Tuple2} as two packed columns (records serialize slowly one by one);
     * {@link PoolWire} writes it without Java serialization when both columns are primitive arrays.
     */
    record Pairs(Object firsts, Object seconds) implements java.io.Serializable {}

    /**
     * The list a compact form stands for: a read-only view, which boxes a primitive column's
     * values as they are read (so the caller's one pass over it is the only one).
     */
    public static List<Object> unpack(Object packed) {
        return switch (packed) {
            case int[] a -> new Column(a.length, i -> a[i]);
            case long[] a -> new Column(a.length, i -> a[i]);
            case double[] a -> new Column(a.length, i -> a[i]);
            default -> Arrays.asList(unpackArray(packed));
        };
    }

    /** A read-only list over a primitive column, which boxes each value as it is read. */
    private static final class Column extends AbstractList<Object> implements RandomAccess {
        private final int size;
        private final IntFunction<Object> boxed;

        Column(int size, IntFunction<Object> boxed) {
            this.size = size;
            this.boxed = boxed;
        }

        @Override
        public Object get(int index) {
            return boxed.apply(index); // the array checks the index
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** The values a compact form stands for, as a new array (or the packed {@code Object[]} itself). */
    public static Object[] unpackArray(Object packed) {
        return switch (packed) {
            case int[] a -> {
                Object[] o = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    o[i] = a[i];
                }
                yield o;
            }
            case long[] a -> {
                Object[] o = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    o[i] = a[i];
                }
                yield o;
            }
            case double[] a -> {
                Object[] o = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    o[i] = a[i];
                }
                yield o;
            }
            case Object[] a -> a;
            case Pairs p -> {
                Object[] f = unpackArray(p.firsts());
                Object[] s = unpackArray(p.seconds());
                Object[] o = new Object[f.length];
                for (int i = 0; i < f.length; i++) {
                    o[i] = new Tuple2<>(f[i], s[i]);
                }
                yield o;
            }
            default -> throw new IllegalArgumentException("not a packed list: " + packed.getClass().getName());
        };
    }
}
