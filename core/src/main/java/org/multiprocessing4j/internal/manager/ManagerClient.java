package org.multiprocessing4j.internal.manager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's connection to one manager, shared by every proxy of that manager. Calls are
 * serialized on the connection (one request, one reply). When the manager is gone, every call
 * throws {@link IllegalStateException} naming it, at once; nothing waits for it.
 */
public final class ManagerClient {
    private static final Map<String, ManagerClient> CLIENTS = new ConcurrentHashMap<>();

    private final String endpoint;
    private final long managerPid;
    private SocketChannel channel; // guarded by this

    private ManagerClient(String endpoint, long managerPid) {
        this.endpoint = endpoint;
        this.managerPid = managerPid;
    }

    /** The shared client for the manager {@code ref} belongs to. */
    public static ManagerClient of(ProxyRef ref) {
        return CLIENTS.computeIfAbsent(ref.endpoint(), e -> new ManagerClient(e, ref.managerPid()));
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
    public synchronized Object call(ProxyRef ref, long id, String op, Object... args) {
        byte[] request = new Messages.Call(id, op, args).encode();
        Messages.Reply reply;
        try {
            if (channel == null) {
                channel = connect(ref.socketPath(), ref.host(), ref.port(), ref.authkey());
            }
            Wire.writeFrame(channel, request);
            reply = Messages.Reply.decode(Wire.readFrame(channel));
        } catch (Wire.AuthenticationException e) {
            closeQuietly();
            throw new org.multiprocessing4j.AuthenticationException("manager at " + endpoint + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly();
            throw new IllegalStateException("manager at " + endpoint + " (pid=" + managerPid + ") is gone: " + e.getMessage(), e);
        }
        if (reply.failure() != null) {
            Throwable t = reply.failure().toThrowable();
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
