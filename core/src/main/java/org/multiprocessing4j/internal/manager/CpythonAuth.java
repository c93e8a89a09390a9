package org.multiprocessing4j.internal.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.multiprocessing4j.AuthenticationException;

/**
 * CPython's connection authentication ({@code multiprocessing.connection.deliver_challenge} and
 * {@code answer_challenge}, 3.12+), the one handshake of this library: {@link
 * org.multiprocessing4j.Listener} and {@link org.multiprocessing4j.Client} use it so Java and
 * CPython peers authenticate each other, and {@link Wire} uses it on manager connections.
 *
 * <ul>
 *   <li>Challenge: {@code #CHALLENGE#} then the message: {@code {sha256}} and 40 random bytes
 *       (CPython 3.12+), or 20 random bytes with no prefix (3.11 and older: HMAC-MD5).
 *   <li>Response: {@code {sha256}} and HMAC-SHA256(key, message), or a bare 16-byte HMAC-MD5 of the
 *       message (the legacy form); the HMAC covers the whole message, prefix included.
 *   <li>Verdict: {@code #WELCOME#} or {@code #FAILURE#}.
 * </ul>
 *
 * <p>The legacy HMAC-MD5 form is accepted and answered only where the caller allows it (the
 * CPython-facing {@code Listener} and {@code Client}, for CPython 3.11 and older); manager
 * connections take {@code {sha256}} only. Every handshake message is read with CPython's bound of
 * {@value #MAX_MESSAGE} bytes, so nothing larger is allocated for a peer that has not
 * authenticated, and nothing it sends is deserialized.
 */
public final class CpythonAuth {
    /** The largest handshake message read (CPython's {@code recv_bytes(256)}). */
    public static final int MAX_MESSAGE = 256;
    private static final byte[] CHALLENGE = "#CHALLENGE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_PREFIX = "{sha256}".getBytes(StandardCharsets.US_ASCII);
    private static final int MESSAGE_LENGTH = 40;
    private static final int LEGACY_MESSAGE = 20;
    private static final int MD5_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CpythonAuth() {}

    /** The framed messages of a connection: what the handshake (and a manager connection after it) sends and reads. */
    public interface Frames {
        /** Sends one message. */
        void send(byte[] message) throws IOException;

        /**
         * Reads one message.
         *
         * @throws IOException if it is longer than {@code max} bytes, or reading failed
         */
        byte[] receive(int max) throws IOException;
    }

    /**
     * Challenges the peer; sends the verdict.
     *
     * @param legacy whether a CPython 3.11-style HMAC-MD5 response is accepted
     * @throws AuthenticationException if the peer's response is wrong (after {@code #FAILURE#} is sent)
     */
    public static void deliverChallenge(Frames c, byte[] authkey, boolean legacy) throws IOException {
        byte[] nonce = new byte[MESSAGE_LENGTH];
        RANDOM.nextBytes(nonce);
        byte[] message = concat(SHA256_PREFIX, nonce);
        c.send(concat(CHALLENGE, message));
        byte[] response = c.receive(MAX_MESSAGE);
        if (!verify(authkey, message, response, legacy)) {
            c.send(FAILURE);
            throw new AuthenticationException("digest received was wrong: the peer does not have the authkey", null);
        }
        c.send(WELCOME);
    }

    /**
     * Answers the peer's challenge.
     *
     * @param legacy whether a challenge without the {@code {sha256}} prefix is answered (with HMAC-MD5)
     * @throws AuthenticationException if the peer sent no challenge or rejected the response
     */
    public static void answerChallenge(Frames c, byte[] authkey, boolean legacy) throws IOException {
        byte[] m = c.receive(MAX_MESSAGE);
        if (m.length < CHALLENGE.length + LEGACY_MESSAGE
                || !Arrays.equals(m, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new AuthenticationException("protocol error: expected a challenge, got " + m.length + " bytes", null);
        }
        byte[] message = Arrays.copyOfRange(m, CHALLENGE.length, m.length);
        byte[] response;
        if (hasPrefix(message, SHA256_PREFIX) && message.length != LEGACY_MESSAGE) {
            response = concat(SHA256_PREFIX, hmac("HmacSHA256", authkey, message));
        } else if (legacy) {
            response = hmac("HmacMD5", authkey, message);
        } else {
            throw new AuthenticationException("protocol error: the challenge is not a {sha256} one", null);
        }
        c.send(response);
        byte[] verdict = c.receive(MAX_MESSAGE);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("digest sent was rejected: the peer has another authkey", null);
        }
    }

    private static boolean verify(byte[] authkey, byte[] message, byte[] response, boolean legacy) {
        if (legacy && response.length == MD5_LENGTH) {
            return MessageDigest.isEqual(response, hmac("HmacMD5", authkey, message));
        }
        if (hasPrefix(response, SHA256_PREFIX)) {
            byte[] mac = Arrays.copyOfRange(response, SHA256_PREFIX.length, response.length);
            return MessageDigest.isEqual(mac, hmac("HmacSHA256", authkey, message));
        }
        return false;
    }

    private static boolean hasPrefix(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
