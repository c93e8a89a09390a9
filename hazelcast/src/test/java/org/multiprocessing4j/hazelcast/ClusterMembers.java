package org.multiprocessing4j.hazelcast;

import java.util.List;

/**
 * Test fixture: a {@link LocalCluster} of small member JVMs (256 MiB heap, C1 only: tests need
 * start-up speed, not peak speed) under the cluster name {@value #CLUSTER_NAME}.
 */
final class ClusterMembers implements AutoCloseable {
    static final String CLUSTER_NAME = "mp4j-test";

    private final LocalCluster cluster;

    ClusterMembers(int count) {
        cluster = new LocalCluster(count, CLUSTER_NAME, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    List<String> addresses() {
        return cluster.addresses();
    }

    List<Long> pids() {
        return cluster.pids();
    }

    ClusterConfig clusterConfig() {
        return cluster.clusterConfig();
    }

    void kill(int i) {
        cluster.kill(i);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
