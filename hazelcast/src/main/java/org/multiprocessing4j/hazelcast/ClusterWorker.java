package org.multiprocessing4j.hazelcast;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;

/**
 * The main class of a worker member: a Hazelcast member JVM that joins the cluster and runs the
 * tasks the cluster context sends it. Start one per machine (or several on one machine, on
 * different ports), each with the application's class path so that tasks deserialize.
 *
 * <pre>{@code
 * # on hostA and hostB (the ./mp4j launcher adds the JVM options of JVM_OPTIONS)
 * java ... -cp app.jar:... org.multiprocessing4j.hazelcast.ClusterWorker \
 *     --port 5701 --join hostA:5701,hostB:5701 --interface <this host's address>
 * }</pre>
 *
 * <p>Options:
 * <ul>
 *   <li>{@code --port N}: the member's port (default 5701); no auto-increment, so a taken port
 *       fails the start instead of silently moving.</li>
 *   <li>{@code --join host:port[,host:port...]}: the TCP-IP join list (multicast is off). List
 *       every member, this one included; without it the member forms a cluster of its own.</li>
 *   <li>{@code --interface ADDRESS}: the address to bind and advertise. Default: the address this
 *       host uses to reach the first join address, or {@code 127.0.0.1} without one.</li>
 *   <li>{@code --cluster-name NAME}: default {@value #DEFAULT_CLUSTER_NAME}.</li>
 *   <li>{@code --lifeline}: exit when standard input reaches end of file, so that a member started
 *       by a launcher or a test never outlives it.</li>
 * </ul>
 *
 * <p>Once the member has joined, it prints exactly one line on standard output,
 * {@code mp4j-worker ready <host>:<port> pid <pid>}; Hazelcast's own logging goes to standard
 * error at level WARNING. The member carries the attributes {@value #ROLE_ATTRIBUTE}{@code =worker}
 * and {@value #PID_ATTRIBUTE}{@code =<pid>} and an executor named {@value #EXECUTOR}. On SIGTERM,
 * or at end of input with {@code --lifeline}, it leaves the cluster gracefully
 * ({@link HazelcastInstance#shutdown()}); a member killed with SIGKILL is dropped by the others
 * once its connections fail.
 */
public final class ClusterWorker {
    /** The default cluster name, shared with {@link ClusterConfig}. */
    public static final String DEFAULT_CLUSTER_NAME = "mp4j";
    /** The default member port. */
    public static final int DEFAULT_PORT = 5701;
    /** Member attribute naming the member's role ({@code worker}). */
    public static final String ROLE_ATTRIBUTE = "mp4j.role";
    /** Member attribute holding the member JVM's process id. */
    public static final String PID_ATTRIBUTE = "mp4j.pid";
    /** Member attribute: the member JVM's processor count, which cluster pools add up for their default size. */
    public static final String CPUS_ATTRIBUTE = "mp4j.cpus";
    /** The name of the executor service the cluster context submits tasks to. */
    public static final String EXECUTOR = "mp4j";
    /** Threads of the {@value #EXECUTOR} executor on each member: tasks may block on queues and locks. */
    public static final int EXECUTOR_POOL_SIZE = 256;
    /** The line a member prints on standard output once it has joined, before its address. */
    public static final String READY_PREFIX = "mp4j-worker ready ";

    /**
     * The JVM options a JDK 25 member or client wants (Hazelcast's "running in modular Java" page;
     * Hazelcast 5.7 does not start with {@code --sun-misc-unsafe-memory-access=deny}).
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private ClusterWorker() {
    }

    /**
     * Runs a worker member until it is terminated (see the class comment for the options).
     *
     * @param args the command-line options ({@code --port}, {@code --join}, {@code --interface},
     *     {@code --cluster-name}, {@code --lifeline})
     * @throws IllegalArgumentException if an option is unknown or malformed
     */
    public static void main(String[] args) {
        Options options = Options.parse(args);
        Config config = config(options.port, options.join, options.iface, options.clusterName);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        Cluster.member(member); // objects made and tasks run here belong to the cluster
        Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown, "mp4j-worker-shutdown"));
        var address = member.getCluster().getLocalMember().getAddress();
        System.out.println(READY_PREFIX + address.getHost() + ":" + address.getPort()
                + " pid " + ProcessHandle.current().pid());
        System.out.flush();
        if (options.lifeline) {
            Thread lifeline = new Thread(ClusterWorker::exitAtEndOfInput, "mp4j-worker-lifeline");
            lifeline.setDaemon(true);
            lifeline.start();
        }
        // Hazelcast's non-daemon threads keep the JVM alive from here.
    }

    /**
     * Returns the configuration {@link #main} starts a member with, so that tests and applications
     * can start the same member in their own JVM ({@code Hazelcast.newHazelcastInstance(config)}).
     * The {@value #PID_ATTRIBUTE} attribute is this JVM's pid.
     *
     * @param port the member port, not auto-incremented
     * @param join the TCP-IP members ({@code host:port}), may be empty
     * @param iface the address (or host name) to bind and advertise; null for the default (see the
     *     class comment)
     * @param clusterName the cluster name
     * @return a new Hazelcast configuration for one worker member
     * @throws IllegalArgumentException if port is not in 1..65535, clusterName is blank or iface
     *     does not resolve
     */
    public static Config config(int port, List<String> join, String iface, String clusterName) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " (must be in 1..65535)");
        }
        Objects.requireNonNull(join, "join");
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName=" + clusterName + " (must not be blank)");
        }
        String host = iface != null ? address(iface) : defaultInterface(join);
        ClusterConnections.quietLogging();

        Config config = new Config();
        config.setClusterName(clusterName);
        config.getSerializationConfig().setJavaSerializationFilterConfig(ClusterConnections.serializationFilter());
        ClusterConnections.quietProperties().forEach(config::setProperty);
        config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
        // The master admits joiners after this quiet period (default 5 s, up to 20 s).
        config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
        config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "5");
        // Our shutdown hook calls shutdown(); Hazelcast's own hook would race it.
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        // A graceful leave waits for partition hand-off; bounded so that a whole cluster stopping
        // at once (every member leaving, nobody to hand off to) still exits.
        config.setProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(), "20");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false).setPortCount(1);
        network.setPublicAddress(host + ":" + port);
        network.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig joining = network.getJoin();
        joining.getMulticastConfig().setEnabled(false);
        joining.getAutoDetectionConfig().setEnabled(false);
        joining.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(join));

        config.getMemberAttributeConfig()
                .setAttribute(ROLE_ATTRIBUTE, "worker")
                .setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()))
                .setAttribute(CPUS_ATTRIBUTE, Integer.toString(Runtime.getRuntime().availableProcessors()));
        config.getExecutorConfig(EXECUTOR)
                .setPoolSize(EXECUTOR_POOL_SIZE)
                .setQueueCapacity(Integer.MAX_VALUE);
        return config;
    }

    /** The local address used to reach the first join address; 127.0.0.1 without one. */
    static String defaultInterface(List<String> join) {
        if (join.isEmpty()) {
            return "127.0.0.1";
        }
        HostPort first = HostPort.parse(join.getFirst(), DEFAULT_PORT);
        // A connected UDP socket sends nothing; it only asks the kernel for the route.
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(first.host()), first.port()));
            InetAddress local = probe.getLocalAddress();
            return local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the local address to reach join=" + join.getFirst(), e);
        }
    }

    /** The IP address of a host name (Hazelcast's interface list takes addresses only). */
    private static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("interface=" + host + " (cannot resolve it)", e);
        }
    }

    private static void exitAtEndOfInput() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // a broken pipe is an end of input too
        }
        System.exit(0);
    }

    /** A parsed {@code host:port}; the port defaults when absent. */
    record HostPort(String host, int port) {
        static HostPort parse(String address, int defaultPort) {
            String a = address.strip();
            int colon = a.lastIndexOf(':');
            // a bare IPv6 address has several colons; [v6]:port is bracketed
            if (colon < 0 || (a.indexOf(':') != colon && !a.startsWith("["))) {
                return new HostPort(a, defaultPort);
            }
            String host = a.substring(0, colon).replace("[", "").replace("]", "");
            try {
                return new HostPort(host, Integer.parseInt(a.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address=" + address + " (expected host:port)", e);
            }
        }
    }

    private static final class Options {
        int port = DEFAULT_PORT;
        List<String> join = List.of();
        String iface;
        String clusterName = DEFAULT_CLUSTER_NAME;
        boolean lifeline;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> {
                        String v = value(args, ++i, arg);
                        try {
                            o.port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port=" + v + " (expected a number)", e);
                        }
                    }
                    case "--join" -> o.join = ClusterConfig.splitList(value(args, ++i, arg));
                    case "--interface" -> o.iface = value(args, ++i, arg);
                    case "--cluster-name" -> o.clusterName = value(args, ++i, arg);
                    case "--lifeline" -> o.lifeline = true;
                    default -> throw new IllegalArgumentException("unknown option " + arg
                            + " (expected --port N, --join host:port[,...], --interface ADDRESS,"
                            + " --cluster-name NAME, --lifeline)");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
