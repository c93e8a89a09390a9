package org.multiprocessing4j;

/**
 * A pool's counters on the platform MBean server, for JDK Mission Control, JConsole and metrics
 * agents: registered as {@code org.multiprocessing4j:type=Pool,name=<name>-<n>} (see
 * {@link Pool#mxBeanName()}) and unregistered when the pool's workers are gone.
 *
 * <pre>{@code
 * MBeanServer server = ManagementFactory.getPlatformMBeanServer();
 * PoolMXBean bean = JMX.newMXBeanProxy(server, pool.mxBeanName(), PoolMXBean.class);
 * long done = bean.getCompletedTasks();
 * }</pre>
 *
 * <p>Creating the platform MBean server costs a JVM some 140 ms of class loading, so a pool does
 * not create it on its start path: it registers its bean at once if the server exists already
 * (a JMX agent, JConsole attached, another library asked for it), else once it has run for
 * 2 seconds, or when {@link Pool#mxBeanName()} is called.
 */
public interface PoolMXBean {
    /**
     * The pool's name.
     *
     * @return the pool's name
     */
    String getName();

    /**
     * The pool's workers (its size).
     *
     * @return the pool's workers
     */
    int getWorkers();

    /**
     * Workers running a chunk of tasks now.
     *
     * @return the busy workers
     */
    int getBusyWorkers();

    /**
     * Chunks of tasks waiting for a worker.
     *
     * @return the queued chunks
     */
    int getQueuedChunks();

    /**
     * Tasks whose result came.
     *
     * @return the completed tasks
     */
    long getCompletedTasks();

    /**
     * Tasks that failed: threw, ran past their deadline, or were lost with their worker.
     *
     * @return the failed tasks
     */
    long getFailedTasks();

    /**
     * Tasks that failed because their worker died.
     *
     * @return the lost tasks
     */
    long getLostTasks();

    /**
     * Tasks run again, after their worker died or after an exception the pool retries.
     *
     * @return the retried tasks
     */
    long getRetriedTasks();

    /**
     * Tasks that ran past their deadline (their worker was killed).
     *
     * @return the timed-out tasks
     */
    long getTimedOutTasks();
}
