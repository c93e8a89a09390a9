package org.multiprocessing4j.internal.serial;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The classes that may be deserialized: an allow-list of patterns, never "anything goes".
 *
 * <p>A pattern is a class name ({@code com.acme.Order}), a package ({@code com.acme.*}: its classes)
 * or a package tree ({@code com.acme.**}: its classes and those of its sub-packages). Arrays are
 * judged by their element class; primitives are always allowed.
 *
 * <p>Built in: the value classes of {@code java.lang}, {@code java.util} (with sub-packages),
 * {@code java.time}, {@code java.math}, {@code java.net.URI}, the exceptions of {@code java.io}
 * and {@code java.nio.file}, serialized lambdas, and this library.
 * Added at start-up: the package tree of the application's main class (its first two name
 * segments), the patterns of the system property {@code mp4j.serial.allow} (comma separated), and
 * whatever {@code Multiprocessing.allowClasses} adds. A child process inherits its parent's list.
 *
 * <p>Thread-safety: patterns are held in a copy-on-write list; {@link #check} may run on any thread.
 */
public final class ClassAllowList {
    private static final List<String> BUILT_IN = List.of(
            "java.lang.*", "java.lang.invoke.SerializedLambda", "java.util.**", "java.time.**",
            "java.math.*", "java.net.URI", "java.io.*", "java.nio.file.*", "java.lang.reflect.Proxy",
            "org.multiprocessing4j.**");

    private static final List<String> PATTERNS = new CopyOnWriteArrayList<>();

    static {
        PATTERNS.addAll(BUILT_IN);
        String property = System.getProperty("mp4j.serial.allow", "");
        for (String p : property.split(",")) {
            if (!p.isBlank()) {
                PATTERNS.add(validate(p.strip()));
            }
        }
        String mainPackage = mainClassPackageTree();
        if (mainPackage != null) {
            PATTERNS.add(mainPackage);
        }
    }

    private ClassAllowList() {}

    /** Adds patterns; see the class comment for their form. */
    public static void allow(String... patterns) {
        for (String p : patterns) {
            String v = validate(p);
            if (!PATTERNS.contains(v)) {
                PATTERNS.add(v);
            }
        }
    }

    /** The current patterns, for handing to a child process. */
    public static List<String> patterns() {
        return new ArrayList<>(PATTERNS);
    }

    /** Whether {@code type} may be deserialized. */
    public static boolean isAllowed(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return true;
        }
        if (java.lang.reflect.Proxy.isProxyClass(c)) {
            // a dynamic proxy (a manager's custom-type proxy) is as safe as its interfaces
            for (Class<?> i : c.getInterfaces()) {
                if (!isAllowed(i)) {
                    return false;
                }
            }
            return true;
        }
        String name = c.getName();
        for (String p : PATTERNS) {
            if (matches(p, name)) {
                return true;
            }
        }
        return false;
    }

    /** The filter to install on an {@code ObjectInputStream}. */
    public static ObjectInputFilter filter() {
        return info -> {
            Class<?> c = info.serialClass();
            if (c == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            if (isAllowed(c)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            throw new DeserializationException(rejectionMessage(c), null);
        };
    }

    static String rejectionMessage(Class<?> c) {
        Class<?> e = c;
        while (e.isArray()) {
            e = e.getComponentType();
        }
        String pkg = e.getPackageName();
        String hint = pkg.isEmpty() ? e.getName() : pkg + ".**";
        return "class " + e.getName() + " is not on the deserialization allow-list; allow it with"
                + " Multiprocessing.allowClasses(\"" + hint + "\") or -Dmp4j.serial.allow=" + hint;
    }

    /** Whether {@code className} matches {@code pattern}; see the class comment for the forms. */
    public static boolean matches(String pattern, String className) {
        if (pattern.endsWith(".**")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String pkg = pattern.substring(0, pattern.length() - 1);
            return className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0;
        }
        return pattern.equals(className) || className.startsWith(pattern + "$");
    }

    private static String validate(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.equals("*") || pattern.equals("**")
                || pattern.startsWith(".") || pattern.contains(" ")) {
            throw new IllegalArgumentException("allow-list pattern=" + Arrays.toString(new String[] {pattern})
                    + " is not a class name, a package (a.b.*) or a package tree (a.b.**)");
        }
        return pattern;
    }

    /**
     * The pattern for the application's own classes: the tree of the main class's first two package
     * segments ({@code com.acme.**} for {@code com.acme.app.Main}), its package for shorter names,
     * the class itself in the default package. Null for jar launches and build-tool launchers.
     */
    private static String mainClassPackageTree() {
        String command = System.getProperty("sun.java.command", "");
        String main = command.split(" ", 2)[0];
        if (main.isEmpty() || main.endsWith(".jar") || main.startsWith("org.apache.maven")
                || main.startsWith("org.multiprocessing4j")) {
            return null;
        }
        String[] parts = main.split("\\.");
        if (parts.length == 1) {
            return main;
        }
        if (parts.length == 2) {
            return parts[0] + ".*";
        }
        return parts[0] + "." + parts[1] + ".**";
    }
}
