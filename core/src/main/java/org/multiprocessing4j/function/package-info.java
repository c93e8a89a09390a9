/**
 * Serializable functional interfaces: lambdas typed by these can be shipped to child JVMs.
 *
 * <p>Each interface extends {@link java.io.Serializable} and declares {@code throws Exception},
 * so task code may call blocking methods without wrapping checked exceptions.
 *
 * <pre>{@code
 * SerializableFunction<Integer, Integer> square = x -> x * x;
 * }</pre>
 */
package org.multiprocessing4j.function;
