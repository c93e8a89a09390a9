package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import org.multiprocessing4j.internal.manager.ServerObject;
import org.multiprocessing4j.spi.Invocable;

/**
 * Named attributes held by a {@link Manager}, as Python's {@code manager.Namespace()}: Python's
 * {@code ns.x = 1} is {@code ns.set("x", 1)} and {@code ns.x} is {@code ns.get("x")}.
 *
 * <pre>{@code
 * Namespace ns = manager.namespace();
 * ns.set("x", 1);
 * new Process(() -> ns.set("y", (Integer) ns.get("x") + 1)).start();
 * }</pre>
 */
public final class Namespace implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The shared object: a manager server's ({@link ServerObject}) or a context backend's. */
    private final Invocable target;

    Namespace(Invocable target) {
        this.target = target;
    }

    private Object call(String op, Object... args) {
        return target.invoke(op, args);
    }

    /**
     * The attribute's value.
     *
     * @param name the attribute's name
     * @return the attribute's value
     * @throws java.util.NoSuchElementException if there is no such attribute (Python's AttributeError)
     */
    public Object get(String name) {
        if (!(Boolean) call("containsKey", name)) {
            throw new java.util.NoSuchElementException("namespace has no attribute '" + name + "'");
        }
        return call("get", name);
    }

    /**
     * Sets an attribute.
     *
     * @param name the attribute's name
     * @param value the attribute's new value; it must be serializable
     */
    public void set(String name, Object value) {
        call("put", java.util.Objects.requireNonNull(name, "name"), value);
    }

    /**
     * Removes an attribute; returns whether it existed.
     *
     * @param name the attribute's name
     * @return whether the attribute existed
     */
    public boolean delete(String name) {
        boolean had = (Boolean) call("containsKey", name);
        call("remove", name);
        return had;
    }

    /**
     * Whether the attribute exists.
     *
     * @param name the attribute's name
     * @return whether the attribute exists
     */
    public boolean has(String name) {
        return (Boolean) call("containsKey", name);
    }

    /**
     * A copy of every attribute.
     *
     * @return a copy of every attribute
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> snapshot() {
        return (Map<String, Object>) call("snapshot");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Namespace(");
        boolean first = true;
        for (var e : snapshot().entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.append(')').toString();
    }

    /**
     * The serialized form: a handle that deserializes into a namespace on the same shared object.
     *
     * @return the handle to serialize in this namespace's place
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
            return new Namespace(ServerObject.of(ref));
        }
    }
}
