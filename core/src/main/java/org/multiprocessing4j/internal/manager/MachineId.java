package org.multiprocessing4j.internal.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.multiprocessing4j.internal.platform.Platforms;

/**
 * Which machine, kernel boot and namespaces this process runs in: two processes with the same
 * identity see the same shared memory (the same {@code /dev/shm} and IPC namespace) and the same
 * pids, so a managed object's shared memory can be attached directly.
 *
 * <p>It is the host name, {@code /proc/sys/kernel/random/boot_id} (new at every boot) and the
 * mount, IPC and pid namespaces of the process ({@code /proc/self/ns/*}); containers on one host
 * share the boot id but not, as a rule, those namespaces. Where {@code /proc} is missing the parts
 * are empty, and processes of such machines are told apart by host name only. Last come the
 * platform layer and its segment folder ({@code Multiprocessing.platform()}): a process on the
 * portable layer and one on the futex do not wake each other, nor look in the same folder.
 */
public final class MachineId {
    /**
     * Test hook: with the system property {@value} set to {@code true} in a process, every managed
     * synchronization object, queue, value and array that process deserializes takes the remote
     * path (calls to the manager over its connection) as if the process ran on another machine.
     * Read at each deserialization, so a test may set it in a child before it connects.
     */
    public static final String FORCE_REMOTE = "mp4j.manager.forceRemote";

    private static final String CURRENT = compute();

    private MachineId() {}

    /** This process's identity. */
    public static String current() {
        return CURRENT;
    }

    /** Whether shared memory made by a process with identity {@code other} can be attached here. */
    public static boolean isLocal(String other) {
        return CURRENT.equals(other) && !Boolean.getBoolean(FORCE_REMOTE);
    }

    private static String compute() {
        String host = read("/proc/sys/kernel/hostname");
        if (host.isEmpty()) {
            host = System.getenv().getOrDefault("HOSTNAME", "");
        }
        if (host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown-host";
            }
        }
        return host + "/" + read("/proc/sys/kernel/random/boot_id") + "/" + link("/proc/self/ns/mnt") + "/"
                + link("/proc/self/ns/ipc") + "/" + link("/proc/self/ns/pid") + "/" + Platforms.CURRENT.name() + ":"
                + segmentFolder();
    }

    private static String segmentFolder() {
        try {
            return Platforms.CURRENT.segmentFolder().toAbsolutePath().toString();
        } catch (RuntimeException e) {
            return ""; // the folder cannot be made: nothing is shared through it anyway
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String link(String file) {
        try {
            return Files.readSymbolicLink(Path.of(file)).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
