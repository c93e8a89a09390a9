package org.multiprocessing4j.internal.manager;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.function.Predicate;

/**
 * What a proxy is on the wire and in storage: where its manager listens, the key, and which object.
 *
 * <p>Its serialized form is also how the manager learns who holds what (see {@link ObjectTable}):
 * <ul>
 *   <li>Writing or reading a reference while a {@linkplain #track tracking scope} is open on the
 *       thread hands the reference to that scope's sink. The server opens one around decoding a
 *       call and encoding its reply; a client opens one around decoding a reply from its manager,
 *       whose references the server has already counted for that connection.
 *   <li>Reading a reference with no scope open (out of a {@link org.multiprocessing4j.Queue}, a
 *       pipe, a process's target, a pool task) registers it with its manager before the proxy
 *       is handed out, so the receiving process holds it from then on. If the manager has already
 *       released the object (every process that held it exited before this copy arrived), reading
 *       fails with {@link InvalidObjectException} naming it; if the manager is unreachable, the
 *       reference is returned and its first call fails naming the manager.
 * </ul>
 *
 * @param socketPath the manager's Unix socket, or null
 * @param host the manager's TCP host, or null
 * @param port the manager's TCP port (0 if none)
 * @param authkey the manager's key
 * @param objectId the managed object (0: the manager itself, never tracked)
 * @param type the object's type ({@code dict}, {@code list}, {@code namespace})
 * @param managerPid the manager's pid, for messages
 */
public record ProxyRef(String socketPath, String host, int port, byte[] authkey, long objectId, String type,
        long managerPid) implements Serializable {

    /** The open tracking scope's sink on this thread; it returns whether it took the reference. */
    private static final ThreadLocal<Predicate<ProxyRef>> SINK = new ThreadLocal<>();

    /** The endpoint this reference's calls go to. */
    public String endpoint() {
        return socketPath != null ? "unix:" + socketPath : host + ":" + port;
    }

    /** A tracking scope: closing it restores the scope that was open before (scopes nest). */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a tracking scope on this thread: until it is closed, every reference this thread
     * serializes or deserializes is offered to {@code sink} first.
     */
    static Scope track(Predicate<ProxyRef> sink) {
        Predicate<ProxyRef> previous = SINK.get();
        SINK.set(sink);
        return () -> {
            if (previous == null) {
                SINK.remove();
            } else {
                SINK.set(previous);
            }
        };
    }

    @Serial
    private Object writeReplace() {
        Predicate<ProxyRef> sink = SINK.get();
        if (sink != null) {
            sink.test(this);
        }
        return this;
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        Predicate<ProxyRef> sink = SINK.get();
        if (objectId == 0 || (sink != null && sink.test(this))) {
            return this;
        }
        if (!ManagerClient.of(this).received(this)) {
            throw new InvalidObjectException("managed " + type + " id=" + objectId + " at " + endpoint()
                    + " was released before this copy arrived: every process that held it had exited");
        }
        return this;
    }
}
