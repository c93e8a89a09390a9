package org.multiprocessing4j.internal.pool;

import java.io.Serializable;
import org.multiprocessing4j.internal.serial.RemoteFailure;

/**
 * In a chunk's values, in place of a result: the task at that position threw. The chunk's other
 * tasks still deliver their results.
 *
 * @param failure the task's exception
 */
public record TaskFailure(RemoteFailure failure) implements Serializable {}
