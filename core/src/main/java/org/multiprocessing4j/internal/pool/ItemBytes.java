package org.multiprocessing4j.internal.pool;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A cheap estimate of how many bytes a task argument takes on the wire, from its primitive
 * arrays and strings: what the default chunk size needs to keep a chunk of large arguments small
 * (see {@link ListJob}). It looks at a few items only, and inside an item at the first element
 * of each list, array or map, down to {@link #DEPTH} levels; what it cannot see (a plain object's
 * fields) counts as nothing, so for such items the default chunk size stays CPython's.
 *
 * <pre>{@code
 * ItemBytes.of(new double[131072]);                 // 1048576
 * ItemBytes.of(List.of(new int[256], new int[256])); // 2048
 * }</pre>
 */
final class ItemBytes {
    /** How deep into nested lists, arrays, maps and records the estimate looks. */
    static final int DEPTH = 4;

    private ItemBytes() {}

    /** The estimated wire size of {@code item} in bytes; 0 when nothing large is seen. */
    static long of(Object item) {
        return of(item, DEPTH);
    }

    /** The largest estimate of the first, middle and last of {@code items}; 0 for none. */
    static long perItem(List<?> items) {
        int n = items.size();
        if (n == 0) {
            return 0;
        }
        return Math.max(of(items.get(0)), Math.max(of(items.get(n / 2)), of(items.get(n - 1))));
    }

    private static long of(Object o, int depth) {
        if (o == null || depth == 0) {
            return 0;
        }
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> e = c.getComponentType();
            int n = java.lang.reflect.Array.getLength(o);
            if (e.isPrimitive()) {
                return (long) n * primitiveSize(e);
            }
            return n == 0 ? 0 : n * of(java.lang.reflect.Array.get(o, 0), depth - 1);
        }
        if (o instanceof CharSequence s) {
            return s.length();
        }
        if (o instanceof List<?> l) {
            return l.isEmpty() ? 0 : l.size() * of(l.get(0), depth - 1);
        }
        if (o instanceof Collection<?> col) {
            return col.isEmpty() ? 0 : col.size() * of(col.iterator().next(), depth - 1);
        }
        if (o instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return 0;
            }
            Map.Entry<?, ?> first = m.entrySet().iterator().next();
            return m.size() * (of(first.getKey(), depth - 1) + of(first.getValue(), depth - 1));
        }
        if (c.isRecord()) {
            long sum = 0;
            for (RecordComponent rc : c.getRecordComponents()) {
                try {
                    java.lang.reflect.Method accessor = rc.getAccessor();
                    if (!accessor.canAccess(o)) {
                        return sum; // a record of a package the library cannot read: what it saw so far
                    }
                    sum += of(accessor.invoke(o), depth - 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return sum;
                }
            }
            return sum;
        }
        return 0;
    }

    private static int primitiveSize(Class<?> e) {
        if (e == double.class || e == long.class) {
            return 8;
        }
        if (e == int.class || e == float.class) {
            return 4;
        }
        if (e == short.class || e == char.class) {
            return 2;
        }
        return 1;
    }
}
