package org.multiprocessing4j.hazelcast;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * A program written for the local context, run by {@link ClusterEntryPointsTest} with {@code
 * -Dmp4j.context=cluster}: it must run on the cluster and exit when main returns, without
 * closing anything.
 */
public final class PropertyContextMain {
    private PropertyContextMain() {}

    public static void main(String[] args) throws Exception {
        Queue<String> q = new Queue<>();
        Process p = new Process(() -> q.put("hello from pid " + ProcessHandle.current().pid()));
        p.start();
        System.out.println("context=" + Multiprocessing.context().name());
        System.out.println(q.get());
        p.join();
        System.out.println("exit=" + p.exitCode().orElse(-100));
    }
}
