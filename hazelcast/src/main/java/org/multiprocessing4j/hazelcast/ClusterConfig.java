package org.multiprocessing4j.hazelcast;

import java.util.Arrays;
import java.util.List;

/**
 * Where a cluster is: the addresses of some of its members ({@code host:port}; one reachable
 * member is enough, the rest are learned from it) and its cluster name. Immutable.
 *
 * <pre>{@code
 * ClusterConfig cluster = ClusterConfig.members("hostA:5701", "hostB:5701");
 * ClusterConfig named = cluster.withClusterName("nightly");
 * ClusterConfig fromFlags = ClusterConfig.fromSystemProperties(); // -Dmp4j.cluster.members=...
 * }</pre>
 *
 * @param members the member addresses, {@code host:port} (or {@code host} for port 5701), not empty
 * @param clusterName the cluster name the members were started with, not blank
 */
public record ClusterConfig(List<String> members, String clusterName) {
    /** System property: comma-separated member addresses (default {@value #DEFAULT_MEMBERS}). */
    public static final String MEMBERS_PROPERTY = "mp4j.cluster.members";
    /** System property: the cluster name (default {@value ClusterWorker#DEFAULT_CLUSTER_NAME}). */
    public static final String NAME_PROPERTY = "mp4j.cluster.name";
    /** The members assumed when {@value #MEMBERS_PROPERTY} is not set: one worker on this host. */
    public static final String DEFAULT_MEMBERS = "127.0.0.1:5701";

    /**
     * Creates a configuration; {@link #members(String...)} and {@link #fromSystemProperties()} are
     * the usual ways.
     *
     * @throws IllegalArgumentException if members is empty or has a blank entry, or clusterName is blank
     */
    public ClusterConfig {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members=[] (need at least one host:port)");
        }
        for (String m : members) {
            if (m.isBlank()) {
                throw new IllegalArgumentException("members=" + members + " (blank address)");
            }
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName=" + clusterName + " (must not be blank)");
        }
    }

    /**
     * A cluster named {@value ClusterWorker#DEFAULT_CLUSTER_NAME} reached through these members.
     *
     * @param addresses the members' {@code host:port} addresses, at least one
     * @return a cluster named {@value ClusterWorker#DEFAULT_CLUSTER_NAME} reached through these
     *     members
     * @throws IllegalArgumentException if no address is given or one is blank
     */
    public static ClusterConfig members(String... addresses) {
        return new ClusterConfig(Arrays.stream(addresses).map(String::strip).toList(),
                ClusterWorker.DEFAULT_CLUSTER_NAME);
    }

    /**
     * Reads {@value #MEMBERS_PROPERTY} (comma-separated, default {@value #DEFAULT_MEMBERS}) and
     * {@value #NAME_PROPERTY} (default {@value ClusterWorker#DEFAULT_CLUSTER_NAME}).
     *
     * @return the configuration those properties describe
     * @throws IllegalArgumentException if the members property lists no address
     */
    public static ClusterConfig fromSystemProperties() {
        return new ClusterConfig(splitList(System.getProperty(MEMBERS_PROPERTY, DEFAULT_MEMBERS)),
                System.getProperty(NAME_PROPERTY, ClusterWorker.DEFAULT_CLUSTER_NAME));
    }

    /**
     * The members and cluster name in {@code settings}' {@value #MEMBERS_PROPERTY} and {@value #NAME_PROPERTY}.
     *
     * @param settings the configuration properties (for the cluster: {@code mp4j.cluster.members},
     *     {@code mp4j.cluster.name})
     * @return the members and cluster name in {@code settings}' {@value #MEMBERS_PROPERTY} and
     *     {@value #NAME_PROPERTY}
     */
    public static ClusterConfig fromProperties(java.util.Properties settings) {
        return new ClusterConfig(splitList(settings.getProperty(MEMBERS_PROPERTY, DEFAULT_MEMBERS)),
                settings.getProperty(NAME_PROPERTY, ClusterWorker.DEFAULT_CLUSTER_NAME));
    }

    /**
     * The same members under another cluster name.
     *
     * @param name the Hazelcast cluster name
     * @return the same members under another cluster name
     */
    public ClusterConfig withClusterName(String name) {
        return new ClusterConfig(members, name);
    }

    static List<String> splitList(String commaList) {
        return Arrays.stream(commaList.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
