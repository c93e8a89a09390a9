package org.multiprocessing4j.internal.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compact forms for lists of task arguments and results: a list of non-null Integers travels as
 * an {@code int[]}, Longs as a {@code long[]}, Doubles as a {@code double[]} (Java serialization
 * writes primitive arrays in bulk), pairs as two packed columns, anything else as an
 * {@code Object[]}.
 */
public final class Packing {
    private Packing() {}

    /** The compact form of {@code list}. */
    public static Object pack(List<?> list) {
        int n = list.size();
        if (n > 0 && all(list, Integer.class)) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = (Integer) list.get(i);
            }
            return a;
        }
        if (n > 0 && all(list, Long.class)) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = (Long) list.get(i);
            }
            return a;
        }
        if (n > 0 && all(list, Double.class)) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = (Double) list.get(i);
            }
            return a;
        }
        if (n > 0 && all(list, org.multiprocessing4j.Tuple2.class)) {
            List<Object> firsts = new ArrayList<>(n);
            List<Object> seconds = new ArrayList<>(n);
            for (Object o : list) {
                var t = (org.multiprocessing4j.Tuple2<?, ?>) o;
                firsts.add(t.first());
                seconds.add(t.second());
            }
            return new Pairs(pack(firsts), pack(seconds));
        }
        return list.toArray();
    }

    /** A list of {@code Tuple2} as two packed columns (records serialize slowly one by one). */
    record Pairs(Object firsts, Object seconds) implements java.io.Serializable {}

    /** The two columns of packed pairs, or null if {@code packed} is not pairs. */
    static List<Object>[] columns(Object packed) {
        if (packed instanceof Pairs p) {
            @SuppressWarnings("unchecked")
            List<Object>[] c = new List[] {unpack(p.firsts()), unpack(p.seconds())};
            return c;
        }
        return null;
    }

    private static boolean all(List<?> list, Class<?> type) {
        for (Object o : list) {
            if (o == null || o.getClass() != type) {
                return false;
            }
        }
        return true;
    }

    /** The list a compact form stands for. */
    public static List<Object> unpack(Object packed) {
        return switch (packed) {
            case int[] a -> {
                List<Object> l = new ArrayList<>(a.length);
                for (int v : a) {
                    l.add(v);
                }
                yield l;
            }
            case long[] a -> {
                List<Object> l = new ArrayList<>(a.length);
                for (long v : a) {
                    l.add(v);
                }
                yield l;
            }
            case double[] a -> {
                List<Object> l = new ArrayList<>(a.length);
                for (double v : a) {
                    l.add(v);
                }
                yield l;
            }
            case Object[] a -> new ArrayList<>(Arrays.asList(a));
            case Pairs p -> {
                List<Object> f = unpack(p.firsts());
                List<Object> sec = unpack(p.seconds());
                List<Object> l = new ArrayList<>(f.size());
                for (int i = 0; i < f.size(); i++) {
                    l.add(new org.multiprocessing4j.Tuple2<>(f.get(i), sec.get(i)));
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("not a packed list: " + packed.getClass().getName());
        };
    }
}
