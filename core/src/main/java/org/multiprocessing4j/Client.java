package org.multiprocessing4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import org.multiprocessing4j.internal.manager.CpythonAuth;

/**
 * Connects to a {@link Listener}, or to a CPython {@code multiprocessing.connection.Listener}, as
 * Python's {@code multiprocessing.connection.Client}.
 *
 * <pre>{@code
 * try (SocketConnection c = Client.connect(new InetSocketAddress("127.0.0.1", port), key)) {
 *     c.sendBytes("ping".getBytes());
 * }
 * }</pre>
 */
public final class Client {
    private Client() {}

    /**
     * Connects and, with an authkey, authenticates both ways as CPython does.
     *
     * @param address the host and port of the {@link Listener} (or CPython listener)
     * @param authkey the shared secret both sides must hold (HMAC challenge as CPython's); null for
     *     no authentication
     * @return the open, authenticated connection
     * @throws AuthenticationException if the keys differ
     * @throws IOException if connecting failed
     */
    public static SocketConnection connect(SocketAddress address, byte[] authkey) throws IOException {
        if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("address=" + address + " must be an InetSocketAddress or a UnixDomainSocketAddress");
        }
        SocketConnection c = new SocketConnection(SocketChannel.open(address));
        if (authkey != null) {
            try {
                CpythonAuth.answerChallenge(c.authFrames(), authkey, true);
                CpythonAuth.deliverChallenge(c.authFrames(), authkey, true);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }
}
