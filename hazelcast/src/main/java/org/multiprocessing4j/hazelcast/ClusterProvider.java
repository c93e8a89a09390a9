package org.multiprocessing4j.hazelcast;

import java.util.Properties;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.BackendProvider;

/**
 * The {@code "cluster"} context for {@code -Dmp4j.context=cluster} and {@link
 * org.multiprocessing4j.Multiprocessing#getContext(String)}: connects a client to the members in
 * {@code mp4j.cluster.members} (default {@value ClusterConfig#DEFAULT_MEMBERS}).
 *
 * <pre>{@code
 * java -Dmp4j.context=cluster -Dmp4j.cluster.members=10.0.0.5:5701 -cp app.jar com.example.Main
 * }</pre>
 */
public final class ClusterProvider implements BackendProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ClusterProvider() {}

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public Backend open(Properties settings) {
        return Cluster.backend(ClusterConfig.fromProperties(settings));
    }
}
