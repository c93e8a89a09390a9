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
 *       access for this library's module, and start {@link ChildMain} in this library's module.
 *   <li><b>JVM options</b> that change what code may do or see: {@code --add-opens},
 *       {@code --add-exports}, {@code --add-reads}, {@code --add-modules},
 *       {@code --enable-native-access}, {@code --sun-misc-unsafe-memory-access},
 *       {@code --enable-preview} and {@code -javaagent}. Debugger agents
 *       ({@code -agentlib}, {@code -agentpath}) are not passed: a second JVM would compete for
 *       their port.
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
        return ChildMain.class.getModule().isNamed();
    }

    /**
     * The class path children get, before {@link AotCache} arranges it; see the class comment.
     */
    public static String applicationClassPath() {
        return applicationClassPath(System.getProperty("java.class.path", ""),
                List.of(Thread.currentThread().getContextClassLoader(), ChildMain.class.getClassLoader()),
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

    /** Why children cannot load this library, or null; looked up once. */
    private static final class Reachable {
        static final String PROBLEM = libraryProblem();

        private static String libraryProblem() {
            java.security.CodeSource source = ChildMain.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || "file".equals(location.getProtocol())) {
                return null;
            }
            return "multiprocessing4j was loaded from " + location + ", which a child JVM cannot read;"
                    + (location.toString().contains("BOOT-INF") ? " a Spring Boot executable JAR must be"
                    + " extracted first (java -Djarmode=tools -jar app.jar extract, then java -jar app/app.jar)"
                    : " put the library and the application on a class path or module path of files");
        }
    }

    /**
     * Throws if child JVMs could not load this library (it was loaded from something other
     * than a file, e.g. a JAR nested in a Spring Boot executable JAR).
     *
     * @throws IllegalStateException naming where the library came from and what to do instead
     */
    public static void checkLibraryReachable() {
        if (Reachable.PROBLEM != null) {
            throw new IllegalStateException(Reachable.PROBLEM);
        }
    }
}
