package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.multiprocessing4j.internal.manager.ServerObject;
import org.multiprocessing4j.spi.Invocable;

/**
 * A {@link Map} held by a {@link Manager}'s server process, as the proxy Python's
 * {@code manager.dict()} returns. Every operation goes to the server and is atomic there.
 *
 * <pre>{@code
 * Map<String, Integer> d = manager.dict();
 * Process p = new Process(() -> d.put("answer", 42));   // the child's put reaches the same map
 * }</pre>
 *
 * <p>Values are copies, as in CPython, except proxies: a proxy stored in a managed map comes back
 * as a proxy to the same object, so {@code d.get("inner").put(k, v)} updates the inner managed map
 * in place. Iteration, {@code equals}, {@code hashCode} and {@code toString} work on a snapshot
 * taken in one call. When the manager is gone, every call throws {@link IllegalStateException}
 * naming it.
 *
 * <p>From a manager of the cluster context ({@link Manager}), the map is a Hazelcast {@code IMap}
 * and each operation one call to the member owning the key. Keys are then equal when their
 * serialized forms are (as for strings, numbers and records of them), a null key is refused with
 * {@link NullPointerException}, and a snapshot lists entries sorted by key when the keys are
 * mutually comparable (an {@code IMap} keeps no insertion order), else in the map's order.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class DictProxy<K, V> extends AbstractMap<K, V> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The shared object: a manager server's ({@link ServerObject}) or a context backend's. */
    private final Invocable target;

    DictProxy(Invocable target) {
        this.target = target;
    }

    private Object call(String op, Object... args) {
        return target.invoke(op, args);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V get(Object key) {
        return (V) call("get", key);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V put(K key, V value) {
        return (V) call("put", key, value);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V putIfAbsent(K key, V value) {
        return (V) call("putIfAbsent", key, value);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V remove(Object key) {
        return (V) call("remove", key);
    }

    @Override
    public boolean containsKey(Object key) {
        return (Boolean) call("containsKey", key);
    }

    @Override
    public boolean containsValue(Object value) {
        return (Boolean) call("containsValue", value);
    }

    @Override
    public int size() {
        return (Integer) call("size");
    }

    @Override
    public void clear() {
        call("clear");
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        call("putAll", new LinkedHashMap<>(m));
    }

    /**
     * A copy of the whole map, taken in one call.
     *
     * @return a copy of the whole map, taken in one call
     */
    @SuppressWarnings("unchecked")
    public Map<K, V> snapshot() {
        return (Map<K, V>) call("snapshot");
    }

    /** The entries of a snapshot: iteration does not see later changes, and removing through it is not supported. */
    @Override
    public Set<Entry<K, V>> entrySet() {
        return java.util.Collections.unmodifiableMap(snapshot()).entrySet();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    /**
     * The serialized form: a handle that deserializes into a proxy on the same shared object.
     *
     * @return the handle to serialize in this proxy's place
     */
    @Serial
    private Object writeReplace() {
        return new Handle(target);
    }

    /**
     * The serialized form.
     *
     * @param ref the reference to the object in the manager's server
     */
    private record Handle(Object ref) implements Serializable {
        @Serial
        private Object readResolve() {
            return new DictProxy<>(ServerObject.of(ref));
        }
    }
}
