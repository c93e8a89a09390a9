package org.multiprocessing4j.internal.manager;

import java.io.Serializable;
import org.multiprocessing4j.internal.pool.RemoteFailure;

/** The messages of the manager protocol, serialized with the library's codec after authentication. */
public final class Messages {
    private Messages() {}

    /**
     * A call on a managed object.
     *
     * @param objectId the object (0 for the manager itself)
     * @param op the operation name
     * @param args the arguments
     */
    public record Call(long objectId, String op, Object[] args) implements Serializable {}

    /**
     * The answer to a call: a value, or a failure.
     *
     * @param value the result
     * @param failure the exception the object threw, or null
     */
    public record Reply(Object value, RemoteFailure failure) implements Serializable {}
}
