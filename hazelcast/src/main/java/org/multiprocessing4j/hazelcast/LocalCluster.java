package org.multiprocessing4j.hazelcast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * N worker members ({@link ClusterWorker}) in N JVMs on loopback, forming one cluster: for tests,
 * demos and benchmarks on one machine. Members run this JVM's class path with {@code --lifeline},
 * so they exit if this JVM dies; their output other than the ready line goes to this JVM's
 * standard error, prefixed with {@code [member i]}.
 *
 * <pre>{@code
 * try (LocalCluster members = LocalCluster.start(3)) {
 *     Context cluster = Cluster.connect(members.clusterConfig());
 *     ...
 *     cluster.close();
 * }
 * }</pre>
 *
 * <p>Member 0 starts first and becomes the master; the others then start together and join it
 * (starting all at once risks two masters, which Hazelcast merges only minutes later).
 */
public final class LocalCluster implements AutoCloseable {
    /** The cluster name of {@link #start(int)}'s members. */
    public static final String CLUSTER_NAME = "mp4j-local";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final String clusterName;
    private final List<String> jvmOptions;
    private final List<String> addresses;
    private final List<Process> processes = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    /**
     * Starts {@code count} members and returns once every one printed its ready line.
     *
     * @throws IllegalStateException if a member exits or is not ready within 90 s (all are stopped)
     */
    /**
     * Starts {@code count} members with {@code -Xmx512m}, cluster name {@value #CLUSTER_NAME}.
     *
     * @param count the number of member JVMs, 1 or more
     * @return the running members; {@code close()} stops them
     */
    public static LocalCluster start(int count) {
        return new LocalCluster(count, CLUSTER_NAME, List.of("-Xmx512m"));
    }

    /**
     * Starts {@code count} members named {@code clusterName}, with {@code jvmOptions} added to each JVM.
     *
     * @param count the number of member JVMs, 1 or more
     * @param clusterName the Hazelcast cluster name the members and clients share
     * @param jvmOptions JVM options added to each member's command line
     */
    public LocalCluster(int count, String clusterName, List<String> jvmOptions) {
        if (count < 1) {
            throw new IllegalArgumentException("count=" + count + " must be >= 1");
        }
        this.clusterName = clusterName;
        this.jvmOptions = List.copyOf(jvmOptions);
        addresses = freePorts(count).stream().map(p -> "127.0.0.1:" + p).toList();
        try {
            List<CompletableFuture<String>> ready = new ArrayList<>();
            ready.add(startMember(0));
            await(0, ready.getFirst());
            for (int i = 1; i < count; i++) {
                ready.add(startMember(i));
            }
            for (int i = 1; i < count; i++) {
                await(i, ready.get(i));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * The members' {@code host:port} addresses.
     *
     * @return the members' {@code host:port} addresses
     */
    public List<String> addresses() {
        return addresses;
    }

    /**
     * The members' pids, in start order.
     *
     * @return the members' pids, in start order
     */
    public List<Long> pids() {
        return List.copyOf(pids);
    }

    /**
     * What a client needs to connect.
     *
     * @return what a client needs to connect
     */
    public ClusterConfig clusterConfig() {
        return new ClusterConfig(addresses, clusterName);
    }

    /** Kills member i with SIGKILL (no graceful leave) and waits until its JVM is gone. */
    /**
     * Kills member {@code i} with SIGKILL and waits for it to exit.
     *
     * @param i the member's position in start order, from 0
     */
    public void kill(int i) {
        Process p = processes.get(i);
        p.destroyForcibly();
        waitFor(p);
    }

    /** Stops every member (SIGTERM, then SIGKILL after 30 s) and waits until all JVMs are gone. */
    /** Stops every member (SIGTERM, then SIGKILL after 30 s) and waits for them to exit. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            waitFor(p);
        }
    }

    private CompletableFuture<String> startMember(int i) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(ClusterWorker.JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ClusterWorker.class.getName(),
                "--port", addresses.get(i).substring(addresses.get(i).lastIndexOf(':') + 1),
                "--join", String.join(",", addresses),
                "--interface", "127.0.0.1",
                "--cluster-name", clusterName,
                "--lifeline"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start member " + i + ": " + command, e);
        }
        processes.add(process);
        pids.add(process.pid());
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(i, process, ready), "cluster-member-" + i + "-output");
        pump.setDaemon(true);
        pump.start();
        return ready;
    }

    /** Completes ready with the member's address from its ready line; forwards the other lines. */
    private static void pump(int i, Process process, CompletableFuture<String> ready) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(ClusterWorker.READY_PREFIX)) {
                    ready.complete(line.substring(ClusterWorker.READY_PREFIX.length()).split(" ")[0]);
                } else {
                    System.err.println("[member " + i + "] " + line);
                }
            }
        } catch (IOException e) {
            // the member is gone
        }
        ready.completeExceptionally(new IllegalStateException(
                "member " + i + " (pid " + process.pid() + ") exited before it was ready"));
    }

    private void await(int i, CompletableFuture<String> ready) {
        try {
            String address = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!address.equals(addresses.get(i))) {
                throw new IllegalStateException("member " + i + " is at " + address + ", expected " + addresses.get(i));
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("member " + i + " not ready within " + READY_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting member " + i, e);
        }
    }

    private static void waitFor(Process p) {
        boolean interrupted = false;
        while (true) {
            try {
                p.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Distinct ports free on loopback now (another process may still take one before the member binds). */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket does not fail in practice
                }
            }
        }
    }
}
