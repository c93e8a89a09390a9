/**
 * The pool's JDK Flight Recorder events: {@link org.multiprocessing4j.internal.events.ChunkEvent}
 * and {@link org.multiprocessing4j.internal.events.TaskEvent} in the worker (a worker JVM records
 * them when its pool's {@code jvmOptions} start a recording there), the worker and job events in
 * the parent. Each is an ordinary
 * {@code jdk.jfr.Event}: enabled by default, and when no recording runs its {@code begin},
 * {@code shouldCommit} and {@code commit} are empty, so the hooks cost nothing measurable.
 */
package org.multiprocessing4j.internal.events;
