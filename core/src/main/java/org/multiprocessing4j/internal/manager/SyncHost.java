package org.multiprocessing4j.internal.manager;

import java.io.Serializable;

/**
 * What the manager's server needs from the public classes' package to make managed
 * synchronization objects, queues, values and arrays: it makes the real (shared-memory) object,
 * registers each of its parts as an SPI object (a {@link org.multiprocessing4j.spi.Mutex} over a
 * {@code Lock}, a {@link org.multiprocessing4j.spi.FrameQueue} for a queue's channel, ...), and
 * marks the object so that it serializes with the {@link ManagedRef}s the registrar returns.
 */
public interface SyncHost extends Serializable {
    /** Registers parts of managed objects in the server. */
    interface Registrar {
        /**
         * Registers {@code target}, an SPI object over a part of the real object whose shared
         * memory is named {@code local}; returns the reference to ship in its place.
         */
        ManagedRef register(String kind, Object target, String local, Object inner, int length);
    }

    /** Makes the managed object {@code type} with {@code args}, registering its parts with {@code registrar}. */
    Object make(String type, Object[] args, Registrar registrar);
}
