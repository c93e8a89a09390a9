package org.multiprocessing4j.bench;

import java.util.List;
import java.util.stream.IntStream;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.hazelcast.Cluster;
import org.multiprocessing4j.hazelcast.LocalCluster;

/**
 * Java only, {@code cluster3_map_square_200k}: {@code pool2_map_square_200k}'s map (200,000
 * squares, default chunk size) on a cluster pool of 3 workers, one per member of a 3-member
 * {@link LocalCluster} on this machine; tasks per second. Compare with the local pool's figure of
 * the same run: the cluster moves every chunk and result through Hazelcast queues over loopback
 * TCP, on the same cores.
 */
final class ClusterMapSquare extends Described {
    private final List<Integer> input = IntStream.range(0, 200_000).boxed().toList();
    private LocalCluster members;
    private Context cluster;
    private Pool pool;

    ClusterMapSquare() {
        super("cluster3_map_square_200k", "tasks/s", true, "java only", List.of());
    }

    @Override
    public void setUp() throws Exception {
        members = LocalCluster.start(3);
        cluster = Cluster.connect(members.clusterConfig());
        pool = cluster.pool(3);
        pool.map(x -> x, List.of(0, 1, 2), 1);
    }

    @Override
    public int warmupRuns() {
        return 3;
    }

    @Override
    public double runOnce() throws Exception {
        long t0 = System.nanoTime();
        List<Integer> r = pool.map(x -> x * x, input);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.size() != input.size() || r.getLast() != 199_999 * 199_999) {
            throw new IllegalStateException("wrong result");
        }
        return input.size() / s;
    }

    @Override
    public void tearDown() {
        if (pool != null) {
            pool.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (members != null) {
            members.close();
        }
    }
}
