package org.multiprocessing4j.hazelcast;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Context;

/**
 * Base of the test classes that share one cluster of three member JVMs, started before the
 * class's first test and stopped after its last, and a client context connected to it. A test
 * that times out prints every thread's stack first ({@link ThreadDumpOnTimeout}).
 */
@ExtendWith(ThreadDumpOnTimeout.class)
abstract class ThreeMemberClusterTest {
    /** A bound for waits that only catches hangs. */
    static final Duration LONG = Duration.ofSeconds(60);
    static ClusterMembers members;
    static Context cluster;

    @BeforeAll
    static void startCluster() {
        members = new ClusterMembers(3);
        cluster = Cluster.connect(members.clusterConfig());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (members != null) {
            members.close();
            members = null;
        }
    }
}
