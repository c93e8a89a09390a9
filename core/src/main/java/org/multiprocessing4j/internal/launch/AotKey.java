package org.multiprocessing4j.internal.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The key of an AOT cache (see {@link AotCache}): a 96-bit hash, 24 hex digits, of
 * {@code java.home}, {@code java.vm.version}, each training class path entry with its size and
 * modification time, {@link JvmCommand#DEFAULT_OPTIONS} and the options children inherit. The
 * key must cover the JARs' sizes and times: JDK 25.0.3 does not check them itself (JDK-8377932,
 * fixed in 25.0.4) and would run stale classes. A cache is {@code <key>.aot}, so a key that
 * differs is a cache that is not used.
 */
final class AotKey {
    private AotKey() {}

    /** The key of a training class path, for children with this JVM's inherited options. */
    static String key(List<String> trainingClassPath) throws IOException {
        return key(trainingClassPath, JvmCommand.inheritedOptions());
    }

    /**
     * The key for a training class path and the options children inherit from this JVM
     * ({@link JvmCommand#inheritedOptions}): a child with other module options could not use the cache.
     */
    static String key(List<String> trainingClassPath, List<String> inheritedOptions) throws IOException {
        Hash h = new Hash().add("mp4j-aot-1").add(System.getProperty("java.home"))
                .add(System.getProperty("java.vm.version"));
        for (String entry : trainingClassPath) {
            Path p = Path.of(entry);
            h.add(entry).add(Files.size(p)).add(Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS));
        }
        for (String o : JvmCommand.DEFAULT_OPTIONS) {
            h.add(o);
        }
        h.add("inherited");
        for (String o : inheritedOptions) {
            h.add(o);
        }
        return h.hex();
    }

    /**
     * A hash of strings and numbers: two 64-bit FNV-1a-style lanes with different bases and
     * primes, each finished by the SplitMix64 mixer, of which {@link #hex} keeps 96 bits. Not
     * cryptographic: keys and names need only be free of accidental collisions (the cache folder
     * is private), and {@code MessageDigest}'s provider set-up would cost some 15 ms on the first
     * start of a program.
     */
    static final class Hash {
        private long a = 0xcbf29ce484222325L;
        private long b = 0x6c62272e07bb0142L;

        Hash add(String s) {
            for (int i = 0; i < s.length(); i++) {
                mix(s.charAt(i));
            }
            mix(0x10000); // a separator no char equals
            return this;
        }

        Hash add(long n) {
            return add(Long.toString(n));
        }

        private void mix(int c) {
            a = (a ^ c) * 0x100000001b3L;
            b = (b ^ c) * 0x0000000100000193L + 0x9E3779B97F4A7C15L;
        }

        /** 24 hex digits (96 bits). */
        String hex() {
            return (HexFormat.of().toHexDigits(finish(a)) + HexFormat.of().toHexDigits(finish(b))).substring(0, 24);
        }

        private static long finish(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }

}
