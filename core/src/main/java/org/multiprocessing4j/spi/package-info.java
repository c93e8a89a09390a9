/**
 * The service-provider interface for contexts other than local child JVMs, such as the Hazelcast
 * cluster context of the {@code multiprocessing4j-hazelcast} module.
 *
 * <p>Application code does not use this package. A provider implements {@link
 * org.multiprocessing4j.spi.Backend}: the public classes ({@link org.multiprocessing4j.Queue},
 * {@link org.multiprocessing4j.Process}, {@link org.multiprocessing4j.Lock}, ...) ask the current
 * {@link org.multiprocessing4j.Context} for a backend when they are constructed and, when there
 * is one, keep their semantics on top of the small primitives it supplies. A provider found by
 * {@link java.util.ServiceLoader} as a {@link org.multiprocessing4j.spi.BackendProvider} can be
 * chosen by name with {@code -Dmp4j.context=NAME}.
 */
package org.multiprocessing4j.spi;
