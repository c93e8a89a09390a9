package org.multiprocessing4j.spi;

import java.util.List;

/**
 * What a backend needs to run a {@link org.multiprocessing4j.Process}: its name and identity for
 * messages, the serialized process object, whose {@code run()} is the work, and the JVM options of
 * a backend that starts a JVM for it.
 *
 * <pre>{@code
 * RunningProcess child = backend.start(new ProcessLaunch("Process-1", new int[] {1}, false, frame, "MainProcess",
 *         List.of(), List.of("-Xmx64m")));
 * }</pre>
 *
 * @param name the process name ({@code Process-1})
 * @param identity the process identity ({@code [1]})
 * @param daemon whether it is daemonic
 * @param frame the process object, serialized as {@link org.multiprocessing4j.Process} frames are
 * @param parentName the name of the process that starts it
 * @param globalJvmOptions the JVM options of every child ({@link
 *     org.multiprocessing4j.Multiprocessing#setJvmOptions}), which the process's own children
 *     inherit; a backend that starts no JVM may ignore them
 * @param jvmOptions the JVM options of this process only ({@link
 *     org.multiprocessing4j.Process#addJvmOptions}), after the global ones; may be ignored likewise
 */
public record ProcessLaunch(String name, int[] identity, boolean daemon, byte[] frame, String parentName,
        List<String> globalJvmOptions, List<String> jvmOptions) {
    /** Copies the option lists. */
    public ProcessLaunch {
        globalJvmOptions = List.copyOf(globalJvmOptions);
        jvmOptions = List.copyOf(jvmOptions);
    }
}
