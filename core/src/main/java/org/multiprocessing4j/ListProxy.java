package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import org.multiprocessing4j.internal.manager.ManagerClient;
import org.multiprocessing4j.internal.manager.ProxyRef;
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

    /** The manager server's object; null when {@link #remote} is set. */
    private final ProxyRef ref;
    /** The object of another context (the cluster); null for a manager server's. */
    private final Invocable remote;

    ListProxy(ProxyRef ref) {
        this.ref = ref;
        this.remote = null;
    }

    ListProxy(Invocable remote) {
        this.ref = null;
        this.remote = remote;
    }

    private Object call(String op, Object... args) {
        Invocable r = remote;
        if (r != null) {
            return r.invoke(op, args);
        }
        return ManagerClient.of(ref).call(ref, ref.objectId(), op, args);
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
        return new Handle(remote != null ? remote : ref);
    }

    /**
     * The serialized form.
     *
     * @param ref the reference to the object in the manager's server
     */
    private record Handle(Object ref) implements Serializable {
        @Serial
        private Object readResolve() {
            return ref instanceof Invocable r ? new ListProxy<>(r) : new ListProxy<>((ProxyRef) ref);
        }
    }
}
