package org.multiprocessing4j.hazelcast;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import com.hazelcast.collection.IList;
import org.multiprocessing4j.hazelcast.ClusterDict.NullValue;
import org.multiprocessing4j.spi.Invocable;

/**
 * A managed {@code list} on the cluster: an {@code IList} of its own, named {@code
 * mp4j-list-<uuid>}, called by {@link org.multiprocessing4j.ListProxy} with the operations the
 * manager server's list takes. An {@code IList} lives in one partition, so each operation is
 * atomic; elements are equal when their serialized forms are ({@code remove(Object)},
 * {@code contains}); null elements are stored as a marker and read back as null.
 */
final class ClusterList implements Invocable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final transient IList<Object> list;

    ClusterList(ClusterBackend backend, String name) {
        this.name = name;
        this.list = backend.hazelcast.getList(name);
    }

    @Override
    public Object invoke(String op, Object... a) {
        return switch (op) {
            case "get" -> NullValue.out(list.get((Integer) a[0]));
            case "set" -> NullValue.out(list.set((Integer) a[0], NullValue.in(a[1])));
            case "add" -> list.add(NullValue.in(a[0]));
            case "insert" -> {
                list.add((Integer) a[0], NullValue.in(a[1]));
                yield null;
            }
            case "removeAt" -> NullValue.out(list.remove((int) (Integer) a[0]));
            case "remove" -> list.remove(NullValue.in(a[0]));
            case "size" -> list.size();
            case "clear" -> {
                list.clear();
                yield null;
            }
            case "addAll" -> {
                List<Object> in = new ArrayList<>();
                for (Object o : (Collection<?>) a[0]) {
                    in.add(NullValue.in(o));
                }
                yield list.addAll(in);
            }
            case "snapshot" -> {
                List<Object> copy = new ArrayList<>();
                for (Object o : list) {
                    copy.add(NullValue.out(o));
                }
                yield copy;
            }
            default -> throw new UnsupportedOperationException("a cluster list has no operation '" + op + "'");
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ClusterList[" + name + "]";
    }

    @Serial
    private Object writeReplace() {
        return new ClusterBackend.Ref("list", name);
    }
}
