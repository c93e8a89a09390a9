package org.multiprocessing4j.spi;

import java.util.Properties;

/**
 * Makes a {@link Backend} from settings; found with {@link java.util.ServiceLoader}, so that
 * {@code -Dmp4j.context=NAME} selects a context without code changes.
 *
 * <pre>{@code
 * // META-INF/services/org.multiprocessing4j.spi.BackendProvider lists the implementation
 * public final class ClusterProvider implements BackendProvider {
 *     public String name() { return "cluster"; }
 *     public Backend open(Properties settings) { ... }
 * }
 * }</pre>
 */
public interface BackendProvider {
    /**
     * The context name this provider answers to.
     *
     * @return the context name this provider answers to
     */
    String name();

    /**
     * Opens a backend configured by {@code settings} (the system properties when chosen by property).
     *
     * @param settings the configuration properties (for the cluster: {@code mp4j.cluster.members},
     *     {@code mp4j.cluster.name})
     * @return the backend; the caller closes it with its context
     */
    Backend open(Properties settings);
}
