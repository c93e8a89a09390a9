package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A supplier of values that can be shipped to another JVM.
 *
 * <pre>{@code
 * SerializableSupplier<List<String>> fresh = ArrayList::new;
 * }</pre>
 *
 * @param <T> the type of value supplied
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Serializable {
    /**
     * Supplies a value.
     *
     * @return the value
     * @throws Exception anything the supplier throws
     */
    T get() throws Exception;
}
