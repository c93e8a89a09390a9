package org.multiprocessing4j.internal.platform;

import java.util.List;
import java.util.Locale;

/**
 * The choice of {@link Platform}, made once per JVM: {@code -Dmp4j.platform=NAME} if set (one of
 * {@link #NAMES}, or {@code auto}), else by {@code os.name} and {@code os.arch}: Linux on x86-64
 * or aarch64 gets {@code linux-futex}, macOS {@code macos}, Windows {@code windows}, anything
 * else {@code portable}. Children inherit the property (every {@code mp4j.*} property is passed
 * on, see {@code JvmCommand}), so every process of a program uses the same layer.
 *
 * <pre>{@code
 * Platforms.choose("portable", "Linux", "amd64");   // "portable"
 * Platforms.choose(null, "Mac OS X", "aarch64");     // "macos"
 * }</pre>
 */
public final class Platforms {
    /** The system property that forces a platform. */
    public static final String PROPERTY = "mp4j.platform";
    /** The system property that names the segment folder on any platform. */
    public static final String SHM_DIR_PROPERTY = "mp4j.shm.dir";
    /** The names a platform can have. */
    public static final List<String> NAMES = List.of("linux-futex", "macos", "windows", "portable");

    /**
     * The platform of this JVM. A {@code static final}: the JIT folds it to a constant receiver, so
     * a call through it is as direct as a static call.
     */
    public static final Platform CURRENT = make(choose(System.getProperty(PROPERTY), System.getProperty("os.name"),
            System.getProperty("os.arch")));

    private Platforms() {}

    /**
     * The name of the platform for a forced choice ({@code null}, blank or {@code auto}: none) on
     * the system {@code osName}/{@code osArch}.
     *
     * @throws IllegalArgumentException if {@code forced} is not {@code auto} or one of {@link #NAMES}
     * @throws IllegalStateException if {@code forced} names a platform this system is not
     */
    public static String choose(String forced, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean linuxFutex = os.startsWith("linux") && LinuxFutex.syscallNumber(osArch) >= 0;
        boolean mac = os.startsWith("mac") || os.startsWith("darwin");
        boolean windows = os.startsWith("windows");
        String auto = linuxFutex ? "linux-futex" : mac ? "macos" : windows ? "windows" : "portable";
        if (forced == null || forced.isBlank() || forced.strip().equals("auto")) {
            return auto;
        }
        String name = forced.strip();
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced + " must be auto or one of " + NAMES);
        }
        if (!name.equals("portable") && !name.equals(auto)) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + name + " cannot run on os.name=" + osName
                    + " os.arch=" + osArch + "; here it is " + auto + " (or portable, which runs everywhere)");
        }
        return name;
    }

    private static Platform make(String name) {
        return switch (name) {
            case "linux-futex" -> new LinuxFutex();
            case "macos" -> new MacOs();
            case "windows" -> new Windows();
            default -> new Portable();
        };
    }
}
