package org.multiprocessing4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.multiprocessing4j.internal.manager.CpythonAuth;

/**
 * A server socket that accepts authenticated {@link SocketConnection}s, as Python's
 * {@code multiprocessing.connection.Listener}, over TCP ({@link InetSocketAddress}) or a Unix
 * socket ({@link UnixDomainSocketAddress}). With an authkey, each connection runs CPython's
 * challenge/response (HMAC-SHA256 with the {@code {sha256}} prefix, and the legacy HMAC-MD5 that
 * CPython 3.11 peers use) before {@link #accept()} returns it, so a CPython {@code Client} can
 * connect.
 *
 * <pre>{@code
 * try (Listener listener = new Listener(new InetSocketAddress("127.0.0.1", 0), key)) {
 *     try (SocketConnection c = listener.accept()) {
 *         byte[] m = c.recvBytes();
 *     }
 * }
 * }</pre>
 *
 * <p>A connection that fails the handshake is closed and {@code accept} throws
 * {@link AuthenticationException}; the listener keeps accepting others.
 */
public final class Listener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final byte[] authkey;
    private final Path socketFile;

    /**
     * Listens at {@code address}; {@code authkey} null means no authentication.
     *
     * @param address the address to listen at; port 0 picks a free port
     * @param authkey the shared secret both sides must hold (HMAC challenge as CPython's); null for
     *     no authentication
     * @throws IOException if the address cannot be bound
     */
    public Listener(SocketAddress address, byte[] authkey) throws IOException {
        if (address instanceof UnixDomainSocketAddress unix) {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            socketFile = unix.getPath();
        } else if (address instanceof InetSocketAddress) {
            server = ServerSocketChannel.open();
            socketFile = null;
        } else {
            throw new IllegalArgumentException("address=" + address + " must be an InetSocketAddress or a UnixDomainSocketAddress");
        }
        server.bind(address);
        this.authkey = authkey == null ? null : authkey.clone();
    }

    /**
     * The bound address (with the actual port if 0 was asked).
     *
     * @return the bound address (with the actual port if 0 was asked)
     * @throws IOException if the listening socket is closed or cannot be queried
     */
    public SocketAddress address() throws IOException {
        return server.getLocalAddress();
    }

    /**
     * Waits for a connection and authenticates it.
     *
     * @return the open, authenticated connection to the peer
     * @throws AuthenticationException if the peer does not have the key (its connection is closed)
     * @throws IOException if accepting failed or the peer sent garbage during the handshake
     */
    public SocketConnection accept() throws IOException {
        SocketChannel ch = server.accept();
        SocketConnection c = new SocketConnection(ch);
        if (authkey != null) {
            try {
                CpythonAuth.deliverChallenge(c.authFrames(), authkey, true);
                CpythonAuth.answerChallenge(c.authFrames(), authkey, true);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** Stops listening; a Unix socket file is removed. */
    @Override
    public void close() throws IOException {
        server.close();
        if (socketFile != null) {
            Files.deleteIfExists(socketFile);
        }
    }
}
