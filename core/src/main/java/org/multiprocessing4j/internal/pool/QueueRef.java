package org.multiprocessing4j.internal.pool;

import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * One of a pool's queues as a worker's task captures it: the queue itself while the task stays in
 * this JVM (a thread worker), its handle in a serialized copy (a worker process), which attaches
 * to the same queue on first use. A plain class, not a record: see {@code Queue.Handle}.
 */
final class QueueRef implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The queue's handle: a local channel's name, or a backend's reference, which deserializes
     * into the queue itself (hence typed {@code Object}).
     */
    private final Object handle;
    private transient FrameQueue queue;

    QueueRef(FrameQueue queue) {
        this.handle = queue.handle();
        this.queue = queue;
    }

    /** The queue, attached on first use in a copy. */
    FrameQueue get() {
        if (queue == null) {
            queue = LocalBackend.resolveFrameQueue(handle);
        }
        return queue;
    }
}
