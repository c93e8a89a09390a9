/**
 * The {@code "threads"} context: the library's API on threads of one JVM, as CPython's {@code
 * multiprocessing.dummy}, built on {@code java.util.concurrent}. See {@link
 * org.multiprocessing4j.internal.threads.ThreadsBackend}.
 */
package org.multiprocessing4j.internal.threads;
