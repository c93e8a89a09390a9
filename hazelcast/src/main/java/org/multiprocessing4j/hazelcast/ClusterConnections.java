package org.multiprocessing4j.hazelcast;

import java.util.ArrayList;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientNetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;

/**
 * Starts Hazelcast clients for a {@link ClusterConfig}, and holds the logging settings members and
 * clients share. Internal: the cluster context's public types build on it.
 */
final class ClusterConnections {
    /** How long a client looks for the cluster before giving up. */
    static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    /**
     * Hazelcast logs through java.util.logging under this logger; held here so that the level set
     * on it is not lost to garbage collection (the JDK keeps loggers weakly).
     */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

    private ClusterConnections() {
    }

    /**
     * Hazelcast's own Java-serialization filter for this JVM's members and clients: the deny rules
     * of core's deserialization policy ({@code ClassAllowList.denyPatterns()}), by name, and no
     * allow-list (Hazelcast's default one admits only {@code java*} and {@code com.hazelcast.*},
     * which would refuse the application's classes). What Hazelcast carries as byte frames
     * (queues, dicts, task payloads) is checked again, fully, by core when it is decoded.
     */
    static com.hazelcast.config.JavaSerializationFilterConfig serializationFilter() {
        var blacklist = new com.hazelcast.config.ClassFilter();
        for (String p : org.multiprocessing4j.internal.serial.ClassAllowList.denyPatterns()) {
            if (p.endsWith(".**")) {
                blacklist.addPrefixes(p.substring(0, p.length() - 2));
            } else if (p.endsWith(".*")) {
                blacklist.addPackages(p.substring(0, p.length() - 2));
            } else {
                blacklist.addClasses(p);
                blacklist.addPrefixes(p + "$");
            }
        }
        return new com.hazelcast.config.JavaSerializationFilterConfig().setDefaultsDisabled(true).setBlacklist(blacklist);
    }

    /**
     * Starts a client connected to the cluster. The client follows the cluster's membership and
     * reconnects when its member leaves; {@code shutdown()} it when done.
     *
     * @throws IllegalStateException if no member answered within about 10 s; the message names
     *     the addresses and the cluster name
     */
    static HazelcastInstance client(ClusterConfig cluster) {
        quietLogging();
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster.clusterName());
        config.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
        quietProperties().forEach(config::setProperty);
        ClientNetworkConfig network = config.getNetworkConfig();
        network.setAddresses(new ArrayList<>(cluster.members()));
        network.setConnectionTimeout(5_000);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .setInitialBackoffMillis(250)
                .setMaxBackoffMillis(2_000)
                .setMultiplier(2);
        try {
            return HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no cluster at members=" + cluster.members() + " clusterName="
                    + cluster.clusterName() + " within " + CONNECT_TIMEOUT_MILLIS + " ms"
                    + " (start members with ./mp4j cluster-worker)", e);
        }
    }

    /**
     * Hazelcast logs to java.util.logging at WARNING and above unless the application configured
     * the {@code com.hazelcast} logger itself.
     */
    static void quietLogging() {
        if (HAZELCAST_LOGGER.getLevel() == null) {
            HAZELCAST_LOGGER.setLevel(Level.WARNING);
        }
    }

    /** Properties members and clients share: JDK logging, no phone-home, no banner details. */
    static Map<String, String> quietProperties() {
        return Map.of(
                ClusterProperty.LOGGING_TYPE.getName(), "jdk",
                ClusterProperty.PHONE_HOME_ENABLED.getName(), "false",
                ClusterProperty.LOGGING_ENABLE_DETAILS.getName(), "false");
    }
}
