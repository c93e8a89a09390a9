package org.multiprocessing4j.internal.threads;

import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.spi.Invocable;

/**
 * A managed {@code dict}, {@code namespace} or {@code list} of the threads context, called by
 * {@link org.multiprocessing4j.DictProxy}, {@link org.multiprocessing4j.Namespace} and {@link
 * org.multiprocessing4j.ListProxy} with the manager server's operations: a {@link LinkedHashMap}
 * (insertion order, as the server's dict and Python's) or an {@link ArrayList} under a {@link
 * ReentrantLock}, so each operation is atomic.
 *
 * <p>Values are copies, as through a manager: arguments are stored as a serialized and
 * deserialized copy, and results are returned as one, so mutating a value after {@code put} or
 * after {@code get} does not change what the object holds. Objects of this library (locks,
 * queues, other proxies) in a value stay the same objects (their handles resolve in this JVM).
 * A value that cannot be serialized is refused, as in the other contexts.
 */
final class ThreadsShared implements Invocable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final transient ReentrantLock lock = new ReentrantLock();
    /** The dict's or namespace's entries; guarded by lock; null for a list. */
    private final transient Map<Object, Object> map;
    /** The list's elements; guarded by lock; null for a dict. */
    private final transient List<Object> list;
    private final transient Registry.Ref ref;

    ThreadsShared(String kind) {
        this.kind = kind;
        this.map = kind.equals("list") ? null : new LinkedHashMap<>();
        this.list = kind.equals("list") ? new ArrayList<>() : null;
        this.ref = Registry.register(kind, this);
    }

    @Override
    public Object invoke(String op, Object... args) {
        Object[] a = new Object[args.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = copy(args[i]);
        }
        Object result;
        lock.lock();
        try {
            result = map != null ? dictOp(op, a) : listOp(op, a);
        } finally {
            lock.unlock();
        }
        return copy(result);
    }

    /** A copy of {@code value} as a manager would hand it over; library objects in it stay the same. */
    private static Object copy(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character) {
            return value;
        }
        Object copy = Serialization.fromFrame(Serialization.toFrame(value));
        Registry.takePins(); // the copy references its library objects itself
        return copy;
    }

    private Object dictOp(String op, Object[] a) {
        return switch (op) {
            case "get" -> map.get(a[0]);
            case "put" -> map.put(a[0], a[1]);
            case "putIfAbsent" -> map.putIfAbsent(a[0], a[1]);
            case "remove" -> map.remove(a[0]);
            case "containsKey" -> map.containsKey(a[0]);
            case "containsValue" -> map.containsValue(a[0]);
            case "size" -> map.size();
            case "clear" -> {
                map.clear();
                yield null;
            }
            case "putAll" -> {
                map.putAll((Map<?, ?>) a[0]);
                yield null;
            }
            case "snapshot" -> new LinkedHashMap<>(map);
            default -> throw new UnsupportedOperationException("a threads-context " + kind + " has no operation '" + op + "'");
        };
    }

    private Object listOp(String op, Object[] a) {
        return switch (op) {
            case "get" -> list.get((Integer) a[0]);
            case "set" -> list.set((Integer) a[0], a[1]);
            case "add" -> list.add(a[0]);
            case "insert" -> {
                list.add((Integer) a[0], a[1]);
                yield null;
            }
            case "removeAt" -> list.remove((int) (Integer) a[0]);
            case "remove" -> list.remove(a[0]);
            case "size" -> list.size();
            case "clear" -> {
                list.clear();
                yield null;
            }
            case "addAll" -> list.addAll((java.util.Collection<?>) a[0]);
            case "snapshot" -> new ArrayList<>(list);
            default -> throw new UnsupportedOperationException("a threads-context list has no operation '" + op + "'");
        };
    }

    @Override
    public String name() {
        return "threads-" + kind + "-" + ref.id();
    }

    @Override
    public String toString() {
        return name();
    }

    @Serial
    private Object writeReplace() {
        Registry.pin(this);
        return ref;
    }
}
