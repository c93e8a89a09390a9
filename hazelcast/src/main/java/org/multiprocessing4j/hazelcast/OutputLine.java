package org.multiprocessing4j.hazelcast;

import java.io.Serializable;

/**
 * One line a cluster process printed, on its way back to the JVM that started it.
 *
 * @param process the key of the process ({@link ClusterProcess})
 * @param stderr whether it was printed on standard error
 * @param text the line without its line separator
 */
record OutputLine(String process, boolean stderr, String text) implements Serializable {}
