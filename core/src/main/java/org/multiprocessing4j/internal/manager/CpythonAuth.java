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
import org.multiprocessing4j.SocketConnection;

/**
 * CPython's connection authentication ({@code multiprocessing.connection.deliver_challenge} and
 * {@code answer_challenge}), so Java and CPython peers authenticate each other.
 *
 * <ul>
 *   <li>Challenge: {@code #CHALLENGE#} then the message: {@code {sha256}} and 40 random bytes
 *       (CPython 3.12+), or 20 random bytes with no prefix (3.11 and older: HMAC-MD5).
 *   <li>Response: {@code {sha256}} and HMAC-SHA256(key, message), or a bare 16-byte HMAC-MD5 of the
 *       message (the legacy form); the HMAC covers the whole message, prefix included.
 *   <li>Verdict: {@code #WELCOME#} or {@code #FAILURE#}.
 * </ul>
 */
public final class CpythonAuth {
    private static final byte[] CHALLENGE = "#CHALLENGE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_PREFIX = "{sha256}".getBytes(StandardCharsets.US_ASCII);
    private static final int LEGACY_MESSAGE = 20;
    private static final int MD5_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CpythonAuth() {}

    /** Challenges the peer; sends the verdict. */
    public static void deliverChallenge(SocketConnection c, byte[] authkey) throws IOException {
        byte[] nonce = new byte[40];
        RANDOM.nextBytes(nonce);
        byte[] message = concat(SHA256_PREFIX, nonce);
        c.sendBytes(concat(CHALLENGE, message));
        byte[] response = c.recvBytes();
        if (response.length > 256 || !verify(authkey, message, response)) {
            c.sendBytes(FAILURE);
            throw new AuthenticationException("digest received was wrong: the peer does not have the authkey", null);
        }
        c.sendBytes(WELCOME);
    }

    /** Answers the peer's challenge. */
    public static void answerChallenge(SocketConnection c, byte[] authkey) throws IOException {
        byte[] m = c.recvBytes();
        if (m.length < CHALLENGE.length + LEGACY_MESSAGE || m.length > 256
                || !Arrays.equals(m, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new AuthenticationException("protocol error: expected a challenge, got " + m.length + " bytes", null);
        }
        byte[] message = Arrays.copyOfRange(m, CHALLENGE.length, m.length);
        byte[] response = hasPrefix(message, SHA256_PREFIX) && message.length != LEGACY_MESSAGE
                ? concat(SHA256_PREFIX, hmac("HmacSHA256", authkey, message))
                : hmac("HmacMD5", authkey, message);
        c.sendBytes(response);
        byte[] verdict = c.recvBytes();
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("digest sent was rejected: the peer has another authkey", null);
        }
    }

    private static boolean verify(byte[] authkey, byte[] message, byte[] response) {
        if (response.length == MD5_LENGTH) {
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
