package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import org.multiprocessing4j.internal.manager.ServerObject;
import org.multiprocessing4j.spi.Invocable;

/**
 * A {@link List} held by a {@link Manager}'s server process, as the proxy Python's
 * {@code manager.list()} returns. Every operation goes to the server and is atomic there.
 *
 * <pre>{@code
 * List<String> l = manager.list();
 * Process p = new Process(() -> l.add("from the child"));
 * }</pre>
 *
 * <p>Values are copies except proxies, as for {@link DictProxy}. Iteration, {@code equals},
 * {@code hashCode} and {@code toString} work on a snapshot taken in one call.
 *
 * <p>From a manager of the cluster context ({@link Manager}), the list is a Hazelcast {@code IList}
 * (one partition: each operation is atomic); {@code remove(Object)} matches elements by their
 * serialized form.
 *
 * @param <E> the element type
 */
public final class ListProxy<E> extends AbstractList<E> implements RandomAccess, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The shared object: a manager server's ({@link ServerObject}) or a context backend's. */
    private final Invocable target;

    ListProxy(Invocable target) {
        this.target = target;
    }

    private Object call(String op, Object... args) {
        return target.invoke(op, args);
    }

    @SuppressWarnings("unchecked")
    @Override
    public E get(int index) {
        return (E) call("get", index);
    }

    @SuppressWarnings("unchecked")
    @Override
    public E set(int index, E element) {
        return (E) call("set", index, element);
    }

    @Override
    public boolean add(E e) {
        return (Boolean) call("add", e);
    }

    @Override
    public void add(int index, E element) {
        call("insert", index, element);
    }

    @SuppressWarnings("unchecked")
    @Override
    public E remove(int index) {
        return (E) call("removeAt", index);
    }

    @Override
    public boolean remove(Object o) {
        return (Boolean) call("remove", o);
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
    public boolean addAll(Collection<? extends E> c) {
        return (Boolean) call("addAll", new ArrayList<>(c));
    }

    /**
     * A copy of the whole list, taken in one call.
     *
     * @return a copy of the whole list, taken in one call
     */
    @SuppressWarnings("unchecked")
    public List<E> snapshot() {
        return (List<E>) call("snapshot");
    }

    @Override
    public Iterator<E> iterator() {
        return java.util.Collections.unmodifiableList(snapshot()).iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof List<?> && snapshot().equals(o);
    }

    @Override
    public int hashCode() {
        return snapshot().hashCode();
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
            return new ListProxy<>(ServerObject.of(ref));
        }
    }
}
