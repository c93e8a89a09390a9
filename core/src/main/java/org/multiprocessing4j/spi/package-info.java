/**
 * The service-provider interface every context implements: the local one (child JVMs and shared
 * memory, the default), the threads one ({@code "threads"}) and the Hazelcast cluster context of
 * the {@code multiprocessing4j-hazelcast} module.
 *
 * <p>Application code does not use this package. A provider implements {@link
 * org.multiprocessing4j.spi.Backend}: each public class ({@link org.multiprocessing4j.Queue},
 * {@link org.multiprocessing4j.Process}, {@link org.multiprocessing4j.Lock}, ...) asks the current
 * {@link org.multiprocessing4j.Context}'s backend for its primitive when it is constructed, holds
 * it in one final field and keeps its semantics on top of it. A provider found by {@link
 * java.util.ServiceLoader} as a {@link org.multiprocessing4j.spi.BackendProvider} can be chosen by
 * name with {@code -Dmp4j.context=NAME} or {@link
 * org.multiprocessing4j.Multiprocessing#getContext(String)}.
 */
package org.multiprocessing4j.spi;
