package org.multiprocessing4j.hazelcast;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.spi.Invocable;

/**
 * A managed {@code dict} or {@code namespace} on the cluster: an {@code IMap} of its own, named
 * {@code mp4j-dict-<uuid>}, called by {@link org.multiprocessing4j.DictProxy} and {@link
 * org.multiprocessing4j.Namespace} with the operations the manager server's dict takes. Each
 * operation is one Hazelcast call, atomic on the partition that owns the key.
 *
 * <p>Differences from the manager server's dict, from what an {@code IMap} is:
 * <ul>
 * <li>keys are equal when their serialized forms are (for strings, numbers and records of them
 *     this is {@code equals}); a null key is refused with {@link NullPointerException}. Null
 *     values are stored as a marker and read back as null.
 * <li>there is no insertion order: {@code snapshot} (and so iteration and {@code toString}) lists
 *     the entries sorted by key when the keys are mutually comparable, else in the map's order.
 * <li>values are copies, except managed proxies and other cluster objects, which come back as
 *     references to the same object (their handles resolve in the reading JVM).
 * </ul>
 */
final class ClusterDict implements Invocable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;
    private final transient IMap<Object, Object> map;

    ClusterDict(ClusterBackend backend, String kind, String name) {
        this.kind = kind;
        this.name = name;
        this.map = backend.hazelcast.getMap(name);
    }

    @Override
    public Object invoke(String op, Object... a) {
        return switch (op) {
            case "get" -> NullValue.out(map.get(key(a[0])));
            case "put" -> NullValue.out(map.put(key(a[0]), NullValue.in(a[1])));
            case "putIfAbsent" -> NullValue.out(map.putIfAbsent(key(a[0]), NullValue.in(a[1])));
            case "remove" -> a[0] == null ? null : NullValue.out(map.remove(a[0]));
            case "containsKey" -> a[0] != null && map.containsKey(a[0]);
            case "containsValue" -> map.containsValue(NullValue.in(a[0]));
            case "size" -> map.size();
            case "clear" -> {
                map.clear();
                yield null;
            }
            case "putAll" -> {
                Map<Object, Object> in = new LinkedHashMap<>();
                ((Map<?, ?>) a[0]).forEach((k, v) -> in.put(key(k), NullValue.in(v)));
                map.putAll(in);
                yield null;
            }
            case "snapshot" -> snapshot();
            default -> throw new UnsupportedOperationException("a cluster " + kind + " has no operation '" + op + "'");
        };
    }

    private Object key(Object k) {
        if (k == null) {
            throw new NullPointerException("a cluster " + kind + " (Hazelcast IMap) cannot hold a null key");
        }
        return k;
    }

    private Map<Object, Object> snapshot() {
        List<Map.Entry<Object, Object>> entries = new ArrayList<>(map.entrySet());
        try {
            entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
        } catch (ClassCastException e) {
            // keys of mixed types: keep the map's order
        }
        Map<Object, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : entries) {
            copy.put(e.getKey(), NullValue.out(e.getValue()));
        }
        return copy;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Object> KEY_ORDER = (x, y) -> ((Comparable) x).compareTo(y);

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ClusterDict[" + name + "]";
    }

    @Serial
    private Object writeReplace() {
        return new ClusterBackend.Ref(kind, name);
    }

    /** The marker that stands for a null value, which Hazelcast's collections refuse. */
    enum NullValue {
        NULL;

        static Object in(Object v) {
            return v == null ? NULL : v;
        }

        static Object out(Object v) {
            return v == NULL ? null : v;
        }
    }
}
