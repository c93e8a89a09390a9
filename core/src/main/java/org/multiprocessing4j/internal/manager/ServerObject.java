package org.multiprocessing4j.internal.manager;

import java.io.Serial;
import org.multiprocessing4j.spi.Invocable;

/**
 * A manager server's dict, list or namespace as an {@link Invocable}: each operation is a call to
 * the server. It is shipped as its {@link ProxyRef}, the serialized form of a server's proxy, so
 * that the reading process is counted as holding the object.
 *
 * <pre>{@code
 * Invocable dict = new ServerObject(ref);   // ref: the server's reply to "create dict"
 * dict.invoke("put", "k", 1);
 * }</pre>
 *
 * @param ref the server's reference to the object
 */
public record ServerObject(ProxyRef ref) implements Invocable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Object invoke(String op, Object... args) {
        return ManagerClient.of(ref).call(ref, ref.objectId(), op, args);
    }

    @Override
    public String name() {
        return ref.type() + " id=" + ref.objectId() + " at " + ref.endpoint();
    }

    /**
     * The invocable a proxy's serialized {@code target} stands for: a server's reference, or an
     * object of another context (which deserializes into itself).
     *
     * @param target a {@link ProxyRef} or an {@link Invocable}
     * @return the invocable for {@code target}
     */
    public static Invocable of(Object target) {
        return target instanceof ProxyRef r ? new ServerObject(r) : (Invocable) target;
    }

    @Serial
    private Object writeReplace() {
        return ref;
    }
}
