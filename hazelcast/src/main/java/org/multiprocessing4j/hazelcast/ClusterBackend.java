package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import com.hazelcast.cluster.Endpoint;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Flag;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.Invocable;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.Permits;
import org.multiprocessing4j.spi.ProcessLaunch;
import org.multiprocessing4j.spi.Rendezvous;
import org.multiprocessing4j.spi.RunningProcess;
import org.multiprocessing4j.spi.TaskCounter;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The cluster context's primitives on one Hazelcast instance (a client in the application, the
 * member itself in a worker member). One per JVM: handles of cluster objects deserialize against
 * {@link #local()}.
 *
 * <pre>{@code
 * ClusterBackend backend = ClusterBackend.local();     // the JVM's connection, as handles use it
 * FrameQueue q = backend.frameQueue(1 << 22);           // an IQueue named mp4j-queue-<uuid>
 * }</pre>
 *
 * <p>Objects are named {@code mp4j-<kind>-<uuid>} in Hazelcast's structures: a queue is an
 * {@code IQueue}, locks are keys of the {@code IMap} {@value #LOCKS}, counters entries of
 * {@value #COUNTERS} changed by entry processors, semaphores, events, conditions and barriers
 * entries of {@value #SYNC} changed by entry processors (see {@code ClusterPermits}, {@code
 * ClusterFlag}, {@code ClusterWaitSet}, {@code ClusterRendezvous}), Value and Array cells entries
 * of {@value #CELLS}; a managed dict or namespace is an {@code IMap} of its own, a managed list an
 * {@code IList}.
 *
 * <p>Entries of these maps are not removed when their objects become unreachable: a long-lived
 * cluster that makes many such objects grows them.
 */
public final class ClusterBackend implements Backend {
    static final String LOCKS = "mp4j-locks";
    static final String COUNTERS = "mp4j-counters";
    static final String SYNC = "mp4j-sync";
    static final String CELLS = "mp4j-cells";

    private static volatile ClusterBackend local;

    final HazelcastInstance hazelcast;
    private final boolean ownsInstance;
    final OutputRelay relay;
    private final AtomicInteger nextMember = new AtomicInteger();
    private volatile boolean closed; // set under this

    private ClusterBackend(HazelcastInstance hazelcast, boolean ownsInstance) {
        this.hazelcast = hazelcast;
        this.ownsInstance = ownsInstance;
        this.relay = new OutputRelay(hazelcast);
    }

    /**
     * Makes {@code hazelcast} this JVM's cluster connection.
     *
     * @param ownsInstance whether {@link #close()} shuts the instance down
     * @throws IllegalStateException if this JVM is already connected to a running instance
     */
    static synchronized ClusterBackend install(HazelcastInstance hazelcast, boolean ownsInstance) {
        ClusterBackend current = local;
        if (current != null && current.hazelcast.getLifecycleService().isRunning()) {
            if (current.hazelcast == hazelcast) {
                return current;
            }
            throw new IllegalStateException("this JVM is already connected to cluster "
                    + current.hazelcast.getName() + "; close that context first");
        }
        ClusterBackend backend = new ClusterBackend(hazelcast, ownsInstance);
        local = backend;
        if (ownsInstance) {
            ExitWatch.start(backend);
        }
        return backend;
    }

    /** This JVM's cluster connection, for handles being deserialized. */
    static ClusterBackend local() {
        ClusterBackend b = local;
        if (b == null || !b.hazelcast.getLifecycleService().isRunning()) {
            throw new IllegalStateException("a cluster object reached a JVM that is not connected to the cluster"
                    + " (use Cluster.connect(...) or -Dmp4j.context=cluster first)");
        }
        return b;
    }

    static String newName(String kind) {
        return "mp4j-" + kind + "-" + UUID.randomUUID();
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public int cpuCount() {
        int n = 0;
        for (Member m : workers()) {
            String cpus = m.getAttribute(ClusterWorker.CPUS_ATTRIBUTE);
            n += cpus == null ? 1 : Integer.parseInt(cpus);
        }
        return Math.max(1, n);
    }

    /** The members that run tasks, in a stable order. */
    List<Member> workers() {
        return hazelcast.getCluster().getMembers().stream()
                .filter(m -> "worker".equals(m.getAttribute(ClusterWorker.ROLE_ATTRIBUTE)))
                .toList();
    }

    /** The next worker member, round robin. */
    Member nextWorker() {
        List<Member> workers = workers();
        if (workers.isEmpty()) {
            throw new IllegalStateException("the cluster " + hazelcast.getName()
                    + " has no worker member to run processes (start some with ./mp4j cluster-worker)");
        }
        return workers.get(Math.floorMod(nextMember.getAndIncrement(), workers.size()));
    }

    /** The map of semaphore, event, condition and barrier states. */
    IMap<String, Object> sync() {
        return hazelcast.getMap(SYNC);
    }

    /** This JVM as a party of a wait: a member (whose leaving the cluster shows its death) or a client. */
    Party self() {
        Endpoint me = hazelcast.getLocalEndpoint();
        return new Party(me.getUuid(), me instanceof Member);
    }

    /** The members of the cluster now, as this JVM sees them. */
    Set<UUID> memberUuids() {
        return hazelcast.getCluster().getMembers().stream().map(Member::getUuid).collect(Collectors.toSet());
    }

    IExecutorService executor() {
        return hazelcast.getExecutorService(ClusterWorker.EXECUTOR);
    }

    @Override
    public RunningProcess start(ProcessLaunch launch) {
        return ClusterProcess.start(this, launch);
    }

    /** {@inheritDoc} A cluster queue has no chunks: {@code chunkSize} is ignored. */
    @Override
    public FrameQueue frameQueue(int chunkSize) {
        return new ClusterFrameQueue(this, newName("queue"));
    }

    @Override
    public TaskCounter taskCounter() {
        return new ClusterTaskCounter(this, newName("counter"));
    }

    @Override
    public Mutex mutex(boolean reentrant) {
        return new ClusterMutex(this, newName("lock"), reentrant);
    }

    @Override
    public Permits permits(int initial, int bound) {
        return ClusterPermits.create(this, newName("semaphore"), initial, bound);
    }

    @Override
    public Flag flag() {
        return ClusterFlag.create(this, newName("event"));
    }

    @Override
    public WaitSet waitSet(Mutex lock) {
        if (!(lock instanceof ClusterMutex)) {
            throw new IllegalArgumentException("a condition of the cluster context needs a lock of that context, not "
                    + lock + "; make the lock in it too (context.lock(), context.rlock())");
        }
        return ClusterWaitSet.create(this, newName("condition"));
    }

    @Override
    public Rendezvous rendezvous(int parties, SerializableRunnable action, long timeoutNanos) {
        return ClusterRendezvous.create(this, newName("barrier"), parties, action);
    }

    @Override
    public Cells cells(int length) {
        return new ClusterCells(this, newName("cells"), length);
    }

    @Override
    public Invocable sharedObject(String kind) {
        return switch (kind) {
            case "dict", "namespace" -> new ClusterDict(this, kind, newName(kind));
            case "list" -> new ClusterList(this, newName("list"));
            default -> throw new IllegalArgumentException("unknown shared object kind '" + kind
                    + "': the cluster has dict, list and namespace");
        };
    }

    /** Reattaches to an object from its handle. */
    Object attach(Ref ref) {
        return switch (ref.kind()) {
            case "queue" -> new ClusterFrameQueue(this, ref.name());
            case "counter" -> new ClusterTaskCounter(this, ref.name());
            case "lock" -> new ClusterMutex(this, ref.name(), false);
            case "rlock" -> new ClusterMutex(this, ref.name(), true);
            case "semaphore" -> new ClusterPermits(this, ref.name());
            case "event" -> new ClusterFlag(this, ref.name());
            case "condition" -> new ClusterWaitSet(this, ref.name());
            case "cells" -> ClusterCells.attach(this, ref.name());
            case "dict", "namespace" -> new ClusterDict(this, ref.kind(), ref.name());
            case "list" -> new ClusterList(this, ref.name());
            default -> throw new IllegalArgumentException("unknown cluster object kind '" + ref.kind() + "'");
        };
    }

    /** Whether {@link #close()} has not run and the instance is up. */
    boolean isOpen() {
        return !closed && hazelcast.getLifecycleService().isRunning();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        relay.close();
        synchronized (ClusterBackend.class) {
            if (local == this) {
                local = null;
            }
        }
        if (ownsInstance) {
            hazelcast.shutdown();
        }
    }

    @Override
    public String toString() {
        return "ClusterBackend[" + hazelcast.getName() + "]";
    }

    /**
     * A JVM taking part in a wait (a condition's waiter, a barrier's party): the UUID of its member
     * or client, and whether it is a member, whose death the cluster's member list shows.
     */
    record Party(UUID uuid, boolean member) implements Serializable {
        /** Whether this party is a member that is no longer in {@code members}. */
        boolean goneFrom(Set<UUID> members) {
            return member && !members.contains(uuid);
        }
    }

    /** The serialized form of a cluster object: its kind and name; deserializes against {@link #local()}. */
    record Ref(String kind, String name) implements Serializable {
        private Object readResolve() {
            return local().attach(this);
        }
    }
}
