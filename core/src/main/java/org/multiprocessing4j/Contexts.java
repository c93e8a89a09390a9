package org.multiprocessing4j;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.BackendProvider;

/**
 * The default context: a thread's override (set while {@link Context#make} runs), else the
 * process-wide default ({@link Multiprocessing#setContext}, else {@code -Dmp4j.context}, else
 * spawn).
 */
final class Contexts {
    private static final ThreadLocal<Context> OVERRIDE = new ThreadLocal<>();
    private static volatile Context global;

    private Contexts() {}

    /** The backend new objects of the calling thread use, or {@code null} for the local context. */
    static Backend backend() {
        return current().backend();
    }

    /** The backend of the current context: the local one unless another context is current. */
    static Backend engine() {
        return current().engine();
    }

    static Context current() {
        Context c = OVERRIDE.get();
        if (c != null) {
            return c;
        }
        c = global;
        if (c == null) {
            synchronized (Contexts.class) {
                if (global == null) {
                    String name = System.getProperty("mp4j.context", "spawn");
                    global = byName(name, System.getProperties());
                }
                c = global;
            }
        }
        return c;
    }

    static void setGlobal(Context context) {
        synchronized (Contexts.class) {
            global = context;
        }
    }

    static <T> T callWith(Context context, Callable<T> maker) throws Exception {
        Context before = OVERRIDE.get();
        OVERRIDE.set(context);
        try {
            return maker.call();
        } finally {
            if (before == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(before);
            }
        }
    }

    static Context byName(String name, java.util.Properties settings) {
        if (name == null || name.isBlank() || name.equals("spawn")) {
            return Context.SPAWN;
        }
        StringBuilder known = new StringBuilder("spawn");
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(name)) {
                return Context.of(p.open(settings));
            }
            known.append(", ").append(p.name());
        }
        throw new IllegalArgumentException("unknown context '" + name + "': known are " + known
                + (name.equals("cluster") ? " (the cluster context needs multiprocessing4j-hazelcast on the class path)" : ""));
    }
}
