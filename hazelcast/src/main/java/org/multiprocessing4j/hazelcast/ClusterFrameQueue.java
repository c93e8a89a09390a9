package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.Arrays;
import com.hazelcast.collection.IQueue;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * A {@link org.multiprocessing4j.Queue}'s frames in a Hazelcast {@code IQueue} (one backup by
 * default, so the frames survive the loss of one member). Frames from one sender keep their
 * order; each is taken once, except that an operation cut off by a member's death is repeated
 * ({@link Failover}), so that then a frame can arrive twice.
 */
final class ClusterFrameQueue implements FrameQueue {
    static final long MIN_PAUSE_NANOS = 50_000;
    static final long MAX_PAUSE_NANOS = 5_000_000;

    private final String name;
    private final IQueue<byte[]> queue;

    ClusterFrameQueue(ClusterBackend backend, String name) {
        this.name = name;
        this.queue = backend.hazelcast.getQueue(name);
    }

    @Override
    public void send(byte[] frame, int offset, int length) throws InterruptedException {
        byte[] copy = offset == 0 && length == frame.length ? frame : Arrays.copyOfRange(frame, offset, offset + length);
        Failover.run(() -> {
            queue.put(copy);
            return null;
        });
    }

    /**
     * Takes a frame with non-blocking polls, {@value #MIN_PAUSE_NANOS} ns apart at first and up to
     * {@value #MAX_PAUSE_NANOS} ns apart while the queue stays empty. Hazelcast's blocking {@code
     * poll(timeout)} and {@code take()} were seen to never return on a client after the member
     * owning the queue's partition was killed (the pool's result thread hung in it for minutes);
     * a non-blocking poll is an ordinary invocation, retried on the new owner or failed by the
     * invocation timeout. The cost is up to {@value #MAX_PAUSE_NANOS} ns of added latency when idle.
     */
    @Override
    public byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos) throws InterruptedException {
        byte[][] frame = new byte[1][];
        Polling.await(() -> (frame[0] = Failover.run(queue::poll)) != null, timeoutNanos, MIN_PAUSE_NANOS, MAX_PAUSE_NANOS);
        return frame[0];
    }

    @Override
    public int messages() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("queue", name);
    }

    /**
     * Destroys the Hazelcast queue (a pool's, once its workers exited), best effort and in the
     * background: the pool calls this under its lock, and a destroy can wait for a partition's
     * migration for as long as the invocation timeout after a member left.
     */
    @Override
    public void destroy() {
        Thread.ofPlatform().name("mp4j-destroy-" + name).daemon(true).start(() -> {
            try {
                queue.destroy();
            } catch (RuntimeException e) {
                // the cluster is gone or going: the queue goes with it
            }
        });
    }
}
