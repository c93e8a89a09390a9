package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.internal.local.LocalBackend;

/**
 * What a {@link Lock} or {@link RLock} is shipped as: its mutex's handle (a segment name, a
 * manager's reference, or another backend's handle) and whether it is reentrant.
 */
record LockHandle(Object mutex, boolean reentrant) implements Serializable {
    @Serial
    private Object readResolve() {
        var m = LocalBackend.resolveMutex(mutex, reentrant);
        return reentrant ? new RLock(m) : new Lock(m);
    }
}
