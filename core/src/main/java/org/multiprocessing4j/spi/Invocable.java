package org.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * A shared object that managed proxies ({@link org.multiprocessing4j.DictProxy}, {@link
 * org.multiprocessing4j.ListProxy}, {@link org.multiprocessing4j.Namespace}) call by operation
 * name, as they call a manager server. Serializable: a copy in another JVM of the context reaches
 * the same object.
 *
 * <pre>{@code
 * Invocable dict = backend.sharedObject("dict");  // under Manager.start().dict() in that context
 * dict.invoke("put", "k", 1);
 * Object one = dict.invoke("get", "k");
 * }</pre>
 */
public interface Invocable extends Serializable {
    /**
     * Runs operation {@code op} (the names the manager server's dict, list and namespace take).
     *
     * @param op the operation's name ({@code "get"}, {@code "put"}, {@code "append"}, ...)
     * @param args the operation's arguments
     * @return the operation's result (null for one that returns nothing)
     */
    Object invoke(String op, Object... args);

    /**
     * A short name for messages.
     *
     * @return a short name for messages
     */
    String name();
}
