/**
 * The pool's JDK Flight Recorder events: {@link org.multiprocessing4j.internal.events.ChunkEvent}
 * and {@link org.multiprocessing4j.internal.events.TaskEvent} in the worker (a worker JVM records
 * them when its pool's {@code jvmOptions} start a recording there), the worker and job events in
 * the parent. Each is an ordinary
 * {@code jdk.jfr.Event}, enabled by default; none is made unless the flight recorder runs
 * ({@link org.multiprocessing4j.internal.events.FlightEvents}), since the first use of an event
 * class costs a JVM some 70 ms.
 */
package org.multiprocessing4j.internal.events;
