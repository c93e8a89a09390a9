package org.multiprocessing4j.internal.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * What a child JVM needs to load this library and the application, whichever way this JVM was
 * started.
 *
 * <ul>
 *   <li><b>Class path.</b> This JVM's {@code java.class.path} (a fat JAR, a thin JAR whose
 *       manifest {@code Class-Path} the child's JVM follows again, a Surefire manifest-only JAR,
 *       the expanded class path of an {@code @argfile}), then the URLs of every
 *       {@link URLClassLoader} between the class loaders of the application and the system class
 *       loader (the isolated loader of {@code mvn exec:java}, a Gradle worker or IDE runner that
 *       loads the application in a loader of its own), then this library's own code source if
 *       it is still missing. Entries that are not local files are left out.
 *   <li><b>Module path.</b> When this library is a named module (the application started with
 *       {@code --module-path}), children get this JVM's module path, every module on it, native
 *       access for this library's module, and start {@code ChildMain} in this library's module.
 *   <li><b>JVM options</b> that change what code may do or see: {@code --add-opens},
 *       {@code --add-exports}, {@code --add-reads}, {@code --add-modules},
 *       {@code --enable-native-access}, {@code --sun-misc-unsafe-memory-access},
 *       {@code --enable-preview} and {@code -javaagent}. Debugger agents
 *       ({@code -agentlib}, {@code -agentpath}) are not passed: a second JVM would compete for
 *       their port.
 *   <li><b>Spring Boot executable JAR.</b> When this library was loaded from a JAR nested in a
 *       Spring Boot executable JAR ({@code java -jar app.jar}, classes under
 *       {@code BOOT-INF/classes}, dependencies under {@code BOOT-INF/lib}), which no other JVM's
 *       class path can name, children start Boot's own {@code PropertiesLauncher} on that JAR
 *       with {@code -Dloader.main=}{@code ChildMain}: the launcher builds the same class loader
 *       ({@code BOOT-INF/classes} and {@code BOOT-INF/lib} are always on it) and calls
 *       {@code ChildMain} in it, so the library, the application and the tasks' classes come
 *       from that loader, as in the parent ({@link #springBootJar}).
 * </ul>
 */
public final class LaunchPaths {
    /** This library's module name when it is on the module path. */
    public static final String MODULE = "org.multiprocessing4j";
    private static final List<String> PASSED_PREFIXES = List.of(
            "--add-opens", "--add-exports", "--add-reads", "--add-modules", "--enable-native-access",
            "--sun-misc-unsafe-memory-access", "--enable-preview", "-javaagent:");

    private LaunchPaths() {}

    /** Whether this library runs as a named module (children start in it too). */
    public static boolean namedModule() {
        return JvmCommand.class.getModule().isNamed();
    }

    /**
     * The class path children get, before {@link AotCache} arranges it; see the class comment.
     */
    public static String applicationClassPath() {
        return applicationClassPath(System.getProperty("java.class.path", ""),
                List.of(Thread.currentThread().getContextClassLoader(), JvmCommand.class.getClassLoader()),
                namedModule() ? null : libraryLocation());
    }

    /**
     * The class path for children of a JVM with class path {@code classPath} whose application
     * classes come from {@code loaders}.
     *
     * @param library this library's code source, or null not to add it
     */
    static String applicationClassPath(String classPath, List<ClassLoader> loaders, Path library) {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (ClassLoader top : loaders) {
            Deque<ClassLoader> chain = new ArrayDeque<>();
            for (ClassLoader l = top; l != null && l != system; l = l.getParent()) {
                chain.push(l); // parents first: they are asked first
            }
            for (ClassLoader l : chain) {
                if (l instanceof URLClassLoader u) {
                    for (URL url : u.getURLs()) {
                        String file = localFile(url);
                        if (file != null) {
                            entries.add(file);
                        }
                    }
                }
            }
        }
        if (library != null) {
            entries.add(library.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String localFile(URL url) {
        try {
            if (!"file".equals(url.getProtocol())) {
                return null;
            }
            Path p = Path.of(url.toURI());
            return Files.exists(p) ? p.toString() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static Path libraryLocation() {
        try {
            return AotCache.librarySource();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The options of this JVM that children get too (see the class comment), in their order;
     * an option and its separate value stay together.
     */
    public static List<String> inheritedOptions() {
        List<String> args;
        try {
            args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
        return inheritedOptions(args);
    }

    /** The options among {@code args} that children get. */
    static List<String> inheritedOptions(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (String p : PASSED_PREFIXES) {
                if (a.startsWith(p)) {
                    out.add(a);
                    if (a.equals(p) && !p.endsWith(":") && !p.equals("--enable-preview") && i + 1 < args.size()) {
                        out.add(args.get(++i)); // "--add-opens" "java.base/java.lang=ALL-UNNAMED"
                    }
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Why a child JVM cannot load {@code type} (a task's class; for a lambda, the class that
     * wrote it), or null if it can: classes compiled in memory (the {@code java App.java} source
     * launcher, jshell) are in no file a child could load. JDK classes and classes from a file,
     * a directory or a JAR pass.
     *
     * @return a message naming the class, why, and what to do instead; or null
     */
    public static String unloadableReason(Class<?> type) {
        Class<?> c = type.getNestHost(); // a lambda's hidden class: the class that wrote it
        ClassLoader loader = c.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return null;
        }
        URL url = loader.getResource(c.getName().replace('.', '/') + ".class");
        String protocol = url == null ? null : url.getProtocol();
        if ("file".equals(protocol) || "jar".equals(protocol) || "jrt".equals(protocol)) {
            return null;
        }
        return "class " + c.getName() + " was compiled in memory (" + (url == null ? "no class file" : url)
                + ", e.g. by the 'java App.java' source launcher or jshell), so a child JVM cannot load it;"
                + " compile it to class files (javac -d classes App.java) and start the program from a class path,"
                + " a JAR or a module path";
    }

    /** Main classes of Spring Boot executable JARs (3.2+, then before 3.2) children can start. */
    private static final List<String> BOOT_LAUNCHERS = List.of(
            "org.springframework.boot.loader.launch.JarLauncher",
            "org.springframework.boot.loader.launch.PropertiesLauncher",
            "org.springframework.boot.loader.JarLauncher",
            "org.springframework.boot.loader.PropertiesLauncher");
    /** Boot launcher settings of this JVM that children get too (the loader.main is theirs). */
    static final List<String> BOOT_PROPERTIES = List.of(
            "loader.path", "loader.home", "loader.config.name", "loader.config.location", "loader.system");

    /**
     * A Spring Boot executable JAR this JVM was started from, which loaded this library.
     *
     * @param jar the executable JAR (this JVM's only class path entry)
     * @param launcher the {@code PropertiesLauncher} of the JAR's loader version
     *     ({@code org.springframework.boot.loader.launch} in Boot 3.2+, {@code org.springframework.boot.loader}
     *     before)
     */
    public record SpringBootJar(Path jar, String launcher) {}

    /** Looked up once. */
    private static final class Boot {
        static final SpringBootJar JAR = springBootJar(System.getProperty("java.class.path", ""),
                JvmCommand.class.getClassLoader() != ClassLoader.getSystemClassLoader());
    }

    /**
     * The Spring Boot executable JAR children must start from, or null if this library was not
     * loaded from one (see the class comment).
     */
    public static SpringBootJar springBootJar() {
        return Boot.JAR;
    }

    /**
     * The Spring Boot executable JAR of a JVM with class path {@code classPath}, or null: the
     * class path is one JAR whose manifest {@code Main-Class} is Boot's {@code JarLauncher} or
     * {@code PropertiesLauncher}, and this library was loaded by a loader of its own (not from
     * the class path itself, as when the JAR's manifest {@code Class-Path} names it).
     *
     * @param ownLoader whether this library's class loader is not the system class loader
     */
    static SpringBootJar springBootJar(String classPath, boolean ownLoader) {
        if (!ownLoader || classPath.isEmpty() || classPath.contains(File.pathSeparator)) {
            return null;
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            var manifest = file.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            if (main == null || !BOOT_LAUNCHERS.contains(main.strip())) {
                return null;
            }
            String pkg = main.strip().substring(0, main.strip().lastIndexOf('.'));
            return new SpringBootJar(jar, pkg + ".PropertiesLauncher");
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Why children cannot load this library, or null; looked up once. */
    private static final class Reachable {
        static final String PROBLEM = libraryProblem();

        private static String libraryProblem() {
            java.security.CodeSource source = JvmCommand.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || "file".equals(location.getProtocol()) || springBootJar() != null) {
                return null;
            }
            return "multiprocessing4j was loaded from " + location + ", which a child JVM cannot read;"
                    + (location.toString().contains("-INF") ? " children can start from a Spring Boot"
                    + " executable JAR only when it was started as java -jar app.jar (the class path is the JAR"
                    + " and its Main-Class is Boot's JarLauncher or PropertiesLauncher); otherwise extract it"
                    + " first (java -Djarmode=tools -jar app.jar extract, then java -jar app/app.jar)"
                    : " put the library and the application on a class path or module path of files");
        }
    }

    /**
     * Throws if child JVMs could not load this library (it was loaded from something other
     * than a file, e.g. a JAR nested in a {@code .war}, and this JVM was not started from a
     * Spring Boot executable JAR children can start from, see {@link #springBootJar()}).
     *
     * @throws IllegalStateException naming where the library came from and what to do instead
     */
    public static void checkLibraryReachable() {
        if (Reachable.PROBLEM != null) {
            throw new IllegalStateException(Reachable.PROBLEM);
        }
    }
}
