package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.hazelcast.Cluster;
import org.multiprocessing4j.hazelcast.ClusterConfig;
import org.multiprocessing4j.hazelcast.LocalCluster;

/**
 * The seed's examples, unchanged, on a Hazelcast cluster: the one line that differs from {@link
 * Demo} is {@code Cluster.use(...)}, which makes the cluster the default context, so every {@code
 * new Process}, {@code new Pool}, {@code new Queue}, {@code new Lock}, ... of the examples is a
 * cluster one.
 *
 * <pre>
 * ./mp4j cluster-demo                                   # starts 3 worker members on this machine
 * ./mp4j cluster-demo --join 10.0.0.5:5701,10.0.0.6:5701  # uses running members instead
 * </pre>
 */
public final class ClusterDemo {
    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        List<String> join = args.length == 2 && args[0].equals("--join") ? List.of(args[1].split(",")) : List.of();
        LocalCluster local = join.isEmpty() ? LocalCluster.start(3) : null;
        try {
            ClusterConfig config = local != null ? local.clusterConfig() : new ClusterConfig(join, "mp4j");
            System.out.println("cluster members: " + config.members()
                    + (local != null ? " (3 worker JVMs on this machine, pids " + local.pids() + ")" : ""));
            Context cluster = Cluster.use(config);   // the one changed line
            try {
                Demo.main(new String[0]);
            } finally {
                cluster.close();
            }
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
