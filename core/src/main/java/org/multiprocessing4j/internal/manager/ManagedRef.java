package org.multiprocessing4j.internal.manager;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;

/**
 * The serialized form of one part of a managed synchronization object, queue, value or array (a
 * {@code manager.lock()}'s mutex, a queue's channel, a value's cells, ...): the shared-memory name
 * of the real object, which the manager's server made and owns, and how to reach that server.
 *
 * <p>It is a component of the public classes' own serialized forms, where a plain object has its
 * segment name. Read in a process whose {@link MachineId} is the server's, it resolves to itself,
 * and the public class attaches {@link #local} (the fast path: the same shared memory as a plain
 * object) and keeps this reference to ship the object on. Read anywhere else (or with {@link
 * MachineId#FORCE_REMOTE}), it resolves to the manager-backed implementation of the part's SPI
 * interface ({@link ManagedObjects}), whose calls run on the real object in the server.
 *
 * @param kind which SPI interface: {@code mutex}, {@code permits}, {@code flag}, {@code waitset},
 *     {@code rendezvous}, {@code framequeue}, {@code counter} or {@code cells}
 * @param local the shared-memory name of the real object, on the server's machine
 * @param manager the server (object id 0: not reference counted)
 * @param id the part's id in the server's table of synchronization objects (negative)
 * @param machine the server's {@link MachineId}
 * @param inner a part this one carries (the own lock of a value's cells), or null; resolved like this one
 * @param length the number of cells ({@code cells} only)
 */
public record ManagedRef(String kind, String local, ProxyRef manager, long id, String machine, Object inner,
        int length) implements OwnedSegmentRef {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Whether this process uses the shared memory directly. */
    public boolean isLocal() {
        return MachineId.isLocal(machine);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        if (isLocal()) {
            return this;
        }
        return switch (kind) {
            case "mutex" -> new ManagedObjects.RemoteMutex(this);
            case "permits" -> new ManagedObjects.RemotePermits(this);
            case "flag" -> new ManagedObjects.RemoteFlag(this);
            case "waitset" -> new ManagedObjects.RemoteWaitSet(this);
            case "rendezvous" -> new ManagedObjects.RemoteRendezvous(this);
            case "framequeue" -> new ManagedObjects.RemoteFrameQueue(this);
            case "counter" -> new ManagedObjects.RemoteTaskCounter(this);
            case "cells" -> new ManagedObjects.RemoteCells(this);
            default -> throw new InvalidObjectException("unknown managed kind=" + kind);
        };
    }

    @Override
    public String toString() {
        return "managed " + kind + " id=" + id + " (" + local + ") of the manager pid=" + manager.managerPid();
    }
}
