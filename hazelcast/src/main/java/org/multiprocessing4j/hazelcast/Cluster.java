package org.multiprocessing4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;

/**
 * The cluster context: the same {@code Process}, {@code Pool}, {@code Queue}, {@code Lock}, ...
 * API on a Hazelcast cluster of worker members (started with {@code ./mp4j cluster-worker}).
 *
 * <pre>{@code
 * Context cluster = Cluster.connect(ClusterConfig.members("10.0.0.5:5701", "10.0.0.6:5701"));
 * Multiprocessing.setContext(cluster);     // the one changed line: the rest is local code
 * try (Pool pool = new Pool()) {           // one worker per processor of the worker members
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * cluster.close();
 * }</pre>
 *
 * <h2>Processes are threads of a member</h2>
 * A cluster {@code Process} runs on a thread of a worker member's JVM, not in a JVM of its own:
 * {@code terminate()} and {@code kill()} interrupt that thread (code that ignores interrupts runs
 * on), and {@code System.exit} in a task ends the member with every task it runs.
 *
 * <h2>Consistency</h2>
 * Hazelcast's community edition has no CP subsystem, so the cluster objects are AP: queues, maps
 * and lists keep one backup (they survive one member's loss); locks are {@code IMap} key locks,
 * released when their holder's member leaves or its client disconnects; semaphores, events,
 * conditions and barriers are map entries changed by entry processors, with waiters polling them
 * (see {@code ClusterPermits}, {@code ClusterFlag}, {@code ClusterWaitSet}, {@code
 * ClusterRendezvous}); a network partition can let both sides proceed. Pool tasks of a member
 * that leaves run again elsewhere, so a task may run twice; its result is delivered once.
 */
public final class Cluster {
    private Cluster() {}

    /**
     * Connects this JVM to the cluster as a client; {@link Context#close()} disconnects.
     *
     * @param config the cluster's members and name
     * @return the cluster context; close it to disconnect
     */
    public static Context connect(ClusterConfig config) {
        return Context.of(backend(config));
    }

    /**
     * Connects as {@link #connect(ClusterConfig)} with the members of {@code -Dmp4j.cluster.members}.
     *
     * @return the cluster context; close it to disconnect
     */
    public static Context connect() {
        return connect(ClusterConfig.fromSystemProperties());
    }

    /**
     * Connects and makes the cluster this JVM's default context ({@link Multiprocessing#setContext}).
     *
     * @param config the cluster's members and name
     * @return the cluster context, now the default; close it to disconnect
     */
    public static Context use(ClusterConfig config) {
        Context context = connect(config);
        Multiprocessing.setContext(context);
        return context;
    }

    /**
     * Joins the cluster as a lite member listening on {@code port} of {@code iface} (null: the
     * address that reaches the first member): a member that holds no data and runs no tasks, but
     * talks to every member directly. A client ({@link #connect}) is lighter; a member does not
     * depend on one member for its connection. {@link Context#close()} leaves the cluster.
     *
     * @param config the cluster's members and name
     * @param port the TCP port this member listens on
     * @param iface the interface address to bind to; null for the one that reaches the members
     * @return the cluster context of this member; close it to leave the cluster
     */
    public static Context joinAsMember(ClusterConfig config, int port, String iface) {
        com.hazelcast.config.Config memberConfig = ClusterWorker.config(port, config.members(), iface, config.clusterName());
        memberConfig.setLiteMember(true);
        memberConfig.getMemberAttributeConfig().setAttribute(ClusterWorker.ROLE_ATTRIBUTE, "application");
        HazelcastInstance member = com.hazelcast.core.Hazelcast.newHazelcastInstance(memberConfig);
        return Context.of(ClusterBackend.install(member, true));
    }

    static ClusterBackend backend(ClusterConfig config) {
        HazelcastInstance client = ClusterConnections.client(config);
        return ClusterBackend.install(client, true);
    }

    /** The context of a worker member's own instance, which it makes its default. */
    static Context member(HazelcastInstance member) {
        Context context = Context.of(ClusterBackend.install(member, false));
        Multiprocessing.setContext(context);
        return context;
    }
}
