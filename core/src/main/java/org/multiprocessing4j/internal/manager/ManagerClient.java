package org.multiprocessing4j.internal.manager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's connection to one manager, shared by every proxy of that manager. Calls are
 * serialized on the connection (one request, one reply). When the manager is gone, every call
 * throws {@link IllegalStateException} naming it, at once; nothing waits for it. Replies are
 * decoded after the connection is released.
 *
 * <p>The connection is this process's session with the manager (see {@link ObjectTable}): the
 * objects the process holds stay alive while it stays open, which is for the life of the process.
 * Its first call, {@code hello}, names the process and, after a reconnection, re-registers what
 * the process held (whatever was released while it was disconnected stays released).
 *
 * <p>A client is shared by the references of one manager that carry the same authkey: a reference
 * with another key gets a client of its own, which authenticates with that key, so every key is
 * verified by the manager (a wrong one fails every call with {@link
 * org.multiprocessing4j.AuthenticationException}, however many right-key connections exist).
 */
public final class ManagerClient {
    /** The clients by endpoint and authkey (a key's bytes, wrapped for content equality). */
    private static final Map<Key, ManagerClient> CLIENTS = new ConcurrentHashMap<>();

    private record Key(String endpoint, java.nio.ByteBuffer authkey) {}

    private final String endpoint;
    /** The key this client authenticates with; only references carrying it use this client. */
    private final byte[] authkey;
    private final long managerPid;
    private FrameSocket channel; // guarded by this
    /** The manager's socket path, learnt at hello: references carrying it are this manager's. Written under this. */
    private volatile String serverSocketPath;
    /** The objects this process holds, as the manager counts them for this connection. */
    private final Set<Long> known = ConcurrentHashMap.newKeySet();

    /** The client {@link #of} returned last: most programs use one manager, and this spares a lookup per call. */
    private static volatile ManagerClient last;

    private final String socketPath;
    private final String host;
    private final int port;

    private ManagerClient(ProxyRef ref) {
        this.endpoint = ref.endpoint();
        this.authkey = ref.authkey().clone();
        this.managerPid = ref.managerPid();
        this.socketPath = ref.socketPath();
        this.host = ref.host();
        this.port = ref.port();
    }

    /**
     * Whether {@code ref}'s calls go to this client: its endpoint (as {@link ProxyRef#endpoint}
     * would say) and its authkey are this client's.
     */
    private boolean serves(ProxyRef ref) {
        String path = ref.socketPath();
        boolean sameEndpoint = path != null
                ? path.equals(socketPath)
                : socketPath == null && ref.port() == port && java.util.Objects.equals(ref.host(), host);
        return sameEndpoint && java.util.Arrays.equals(ref.authkey(), authkey);
    }

    /**
     * Remembers that this process reached the manager with pid {@code managerPid} at {@code
     * address}: the connections of its managed synchronization objects go there too (the address
     * the server was started with may not be reachable from here).
     */
    public static void connectedTo(long managerPid, InetSocketAddress address) {
        SyncConnections.connectedTo(managerPid, address);
    }

    /** The shared client for the manager {@code ref} belongs to and the authkey it carries. */
    public static ManagerClient of(ProxyRef ref) {
        ManagerClient c = last;
        if (c != null && c.serves(ref)) {
            return c;
        }
        c = CLIENTS.computeIfAbsent(new Key(ref.endpoint(), java.nio.ByteBuffer.wrap(ref.authkey().clone())),
                k -> new ManagerClient(ref));
        last = c;
        return c;
    }

    /**
     * Opens and authenticates a connection to a manager.
     *
     * @throws IOException if it cannot connect, or {@link Wire.AuthenticationException} for a wrong key
     */
    public static SocketChannel connect(String socketPath, String host, int port, byte[] authkey) throws IOException {
        SocketChannel ch = socketPath != null
                ? SocketChannel.open(UnixDomainSocketAddress.of(socketPath))
                : SocketChannel.open(new InetSocketAddress(host, port));
        try {
            Wire.clientHandshake(ch, authkey);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Calls {@code op} on object {@code id}.
     *
     * @throws IllegalStateException if the manager is unreachable or died
     * @throws RuntimeException the exception the managed object threw, with its type and message
     */
    public Object call(ProxyRef ref, long id, String op, Object... args) {
        byte[] request = new Messages.Call(id, op, args).encode();
        byte[] frame = exchange(ref, request);
        if (frame.length > 5 && frame[0] == 0 && frame[5] == org.multiprocessing4j.internal.serial.ScalarCodec.ID) {
            // a plain value (the commonest reply): no reference in it to track
            try {
                return Messages.Reply.decode(frame).value();
            } catch (IOException e) {
                throw badReply(e);
            }
        }
        // Decoded outside the monitor: reading a proxy of another manager registers it there, and
        // that must not wait for this connection. References to this manager's objects were
        // counted for this connection by the manager already.
        Messages.Reply reply;
        try (var scope = ProxyRef.track(this::ownReference)) {
            reply = Messages.Reply.decode(frame);
        } catch (IOException e) {
            throw badReply(e);
        }
        if (reply.failure() != null) {
            Throwable t = reply.failure().toThrowable(true);
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("managed object failed: " + t, t);
        }
        return reply.value();
    }

    private IllegalStateException badReply(IOException e) {
        synchronized (this) {
            closeQuietly();
        }
        return new IllegalStateException("manager at " + endpoint + " (pid=" + managerPid + ") sent a bad reply: "
                + e.getMessage(), e);
    }

    /** Sends a request and reads its reply frame, connecting first if need be. */
    private synchronized byte[] exchange(ProxyRef ref, byte[] request) {
        try {
            if (channel == null) {
                channel = new FrameSocket(connect(ref.socketPath(), ref.host(), ref.port(), authkey));
                hello();
            }
            channel.write(request);
            return channel.read();
        } catch (Wire.AuthenticationException e) {
            closeQuietly();
            throw new org.multiprocessing4j.AuthenticationException("manager at " + endpoint + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly();
            throw new IllegalStateException("manager at " + endpoint + " (pid=" + managerPid + ") is gone: " + e.getMessage(), e);
        }
    }

    private void hello() throws IOException {
        long[] held = known.stream().mapToLong(Long::longValue).toArray();
        channel.write(new Messages.Call(0, "hello", new Object[] {ProcessHandle.current().pid(), held}).encode());
        Messages.Reply reply = Messages.Reply.decode(channel.read());
        if (reply.failure() != null) {
            throw new IOException("hello refused: " + reply.failure().message());
        }
        serverSocketPath = (String) reply.value();
    }

    private boolean ownReference(ProxyRef ref) {
        if (serverSocketPath != null && serverSocketPath.equals(ref.socketPath())) {
            known.add(ref.objectId());
            return true;
        }
        return false;
    }

    /**
     * Registers a proxy this process read from elsewhere (a queue, a pipe, its target), so the
     * manager keeps the object while this process lives.
     *
     * @return false if the manager released the object before this copy arrived; true if it is
     *     held, or if the manager cannot be reached (the proxy's calls will say so)
     */
    boolean received(ProxyRef ref) {
        if (known.contains(ref.objectId())) {
            return true;
        }
        try {
            if (!(Boolean) call(ref, 0, "register", ref.objectId())) {
                return false;
            }
        } catch (IllegalStateException | org.multiprocessing4j.AuthenticationException e) {
            return true; // unreachable: the proxy's first call reports it
        }
        known.add(ref.objectId());
        return true;
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // gone already
            }
            channel = null;
        }
    }
}
