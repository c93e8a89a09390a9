package org.multiprocessing4j.internal.manager;

import java.io.Serializable;

/**
 * What a proxy is on the wire and in storage: where its manager listens, the key, and which object.
 *
 * @param socketPath the manager's Unix socket, or null
 * @param host the manager's TCP host, or null
 * @param port the manager's TCP port (0 if none)
 * @param authkey the manager's key
 * @param objectId the managed object
 * @param type the object's type ({@code dict}, {@code list}, {@code namespace})
 * @param managerPid the manager's pid, for messages
 */
public record ProxyRef(String socketPath, String host, int port, byte[] authkey, long objectId, String type,
        long managerPid) implements Serializable {

    /** The endpoint this reference's calls go to. */
    public String endpoint() {
        return socketPath != null ? "unix:" + socketPath : host + ":" + port;
    }
}
