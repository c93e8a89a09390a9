package org.multiprocessing4j.hazelcast;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.serial.ClassAllowList;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * Runs a {@link Process} on a worker member, as a child JVM runs one locally: exit code 0 when
 * {@code run()} returns, 1 with {@code Process <name>:} and the stack trace on stderr when it
 * throws. Its output goes back to the starter (see {@link TaskOutput}).
 *
 * @param name the process name
 * @param identity the process identity
 * @param parentName the name of the process that started it
 * @param frame the serialized process
 * @param allowedClasses the starter's deserialization patterns; a member applies only its denies ({@code !pattern}):
 *     a peer may tighten a member's policy, never loosen it (a member's own {@code -Dmp4j.serial.allow} does that)
 * @param topic the starter's output topic
 * @param key the process key on that topic
 */
record ProcessTask(String name, int[] identity, String parentName, byte[] frame, List<String> allowedClasses,
        String topic, String key)
        implements Callable<ProcessTask.Outcome>, Serializable {

    /** How the process ended, and how many output lines it published. */
    record Outcome(int exitCode, int lines) implements Serializable {}

    @Override
    public Outcome call() {
        ClusterBackend backend = ClusterBackend.local();
        TaskOutput.install();
        TaskOutput.Sink sink = new TaskOutput.Sink(backend.hazelcast.getTopic(topic), key);
        TaskOutput.begin(sink);
        int exitCode;
        try {
            ClassAllowList.allow(allowedClasses.stream().filter(p -> p.startsWith("!")).toArray(String[]::new));
            Process process = (Process) Serialization.fromNetworkFrame(frame);
            CurrentProcess.setThreadProcess(new CurrentProcess.ThreadProcess(process, identity, parentName));
            process.run();
            exitCode = 0;
        } catch (Throwable t) {
            if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                exitCode = -15; // terminated by its starter
            } else {
                System.err.println("Process " + name + ":");
                t.printStackTrace(System.err);
                exitCode = 1;
            }
        } finally {
            CurrentProcess.setThreadProcess(null);
            TaskOutput.end();
        }
        return new Outcome(exitCode, sink.lines());
    }
}
