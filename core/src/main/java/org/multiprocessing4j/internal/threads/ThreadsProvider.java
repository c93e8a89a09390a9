package org.multiprocessing4j.internal.threads;

import java.util.Properties;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.BackendProvider;

/**
 * The {@code "threads"} context for {@code -Dmp4j.context=threads} and {@link
 * org.multiprocessing4j.Multiprocessing#getContext(String)}: the JVM's {@link ThreadsBackend}
 * (it takes no settings).
 *
 * <pre>{@code
 * java -Dmp4j.context=threads -cp app.jar com.example.Main
 * }</pre>
 */
public final class ThreadsProvider implements BackendProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ThreadsProvider() {}

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public Backend open(Properties settings) {
        return ThreadsBackend.instance();
    }
}
