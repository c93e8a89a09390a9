package org.multiprocessing4j.internal.launch;

/**
 * Exit statuses in CPython's convention: 0 normal, 1 uncaught exception, N for exit(N), and -N for
 * death by signal N.
 *
 * <p>The JDK reports death by signal N as 128+N, and a JVM that handles SIGTERM itself exits with
 * 143; neither can be told from an explicit {@code System.exit(128 + N)}. Statuses 129 to 192 are
 * therefore reported as signals 1 to 64: a program that means to exit with such a status should
 * pick another.
 */
public final class ExitCodes {
    /** A child that lost its parent halts with this status (nobody is left to read it). */
    public static final int PARENT_GONE = 70;

    private ExitCodes() {}

    /** Maps a status reported by {@link java.lang.Process#exitValue()} to CPython's convention. */
    public static int fromJdk(int status) {
        if (status > 128 && status <= 128 + 64) {
            return -(status - 128);
        }
        return status;
    }
}
