package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the core module, read from its compiled classes with {@code jdeps}: no cycle
 * between packages, no internal type in a public signature, and a module descriptor that exports
 * only the public packages.
 *
 * <p>The public package's value and exception types (classes that use no internal package, such
 * as {@link DeserializationException} or {@link Tuple2}) count as a node of their own, "API
 * values": internals may throw and return them without making a cycle, as {@code java.util}'s
 * internals use its exceptions. Every other public class is a facade over the internals, which
 * must never call back into one.
 */
class ArchitectureTest {
    private static final String ROOT = "org.multiprocessing4j";
    private static final String API_VALUES = ROOT + " (value and exception types)";
    private static final Set<String> EXPORTED = Set.of(ROOT, ROOT + ".function", ROOT + ".spi");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S+.*$");

    private static Path classes;
    /** Class-level dependencies within the library: class -> classes it uses. */
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readClasses() throws IOException {
        classes = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolveSibling("classes");
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "no compiled core at " + classes);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("the JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                "-e", ROOT.replace(".", "\\.") + ".*", classes.toString());
        assertEquals(0, rc, "jdeps failed:\n" + out);
        uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches() && m.group(2).startsWith(ROOT + ".")) {
                uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(uses.size() > 100, "jdeps output not understood:\n" + out.toString().lines().limit(20).toList());
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        Set<String> values = apiValueTypes();
        Map<String, Set<String>> graph = new TreeMap<>();
        Map<String, List<String>> why = new HashMap<>();
        uses.forEach((from, tos) -> {
            String a = node(from, values);
            for (String to : tos) {
                String b = node(to, values);
                if (!a.equals(b)) {
                    graph.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
                    why.computeIfAbsent(a + " -> " + b, k -> new ArrayList<>()).add(simple(from) + " -> " + simple(to));
                }
            }
        });
        List<Set<String>> cycles = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
        StringBuilder report = new StringBuilder();
        for (Set<String> cycle : cycles) {
            report.append("\ncycle among ").append(cycle).append(':');
            for (String a : cycle) {
                for (String b : graph.getOrDefault(a, Set.of())) {
                    if (cycle.contains(b)) {
                        List<String> w = why.get(a + " -> " + b);
                        report.append("\n  ").append(a).append(" -> ").append(b).append("  e.g. ")
                                .append(w.stream().limit(3).collect(Collectors.joining(", ")));
                    }
                }
            }
        }
        assertTrue(cycles.isEmpty(), "package cycles:" + report);
    }

    @Test
    void publicSignaturesUseNoInternalType() throws IOException {
        List<String> leaks = new ArrayList<>();
        for (String name : classNames()) {
            String pkg = name.substring(0, name.lastIndexOf('.'));
            if (!EXPORTED.contains(pkg)) {
                continue;
            }
            Class<?> c = load(name);
            if (!isVisible(c)) {
                continue;
            }
            List<Type> types = new ArrayList<>();
            if (c.getGenericSuperclass() != null) {
                types.add(c.getGenericSuperclass());
            }
            types.addAll(List.of(c.getGenericInterfaces()));
            for (Field f : c.getDeclaredFields()) {
                if (isVisible(f.getModifiers())) {
                    types.add(f.getGenericType());
                }
            }
            List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
            members.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
            for (Executable e : members) {
                if (!isVisible(e.getModifiers()) || e.isSynthetic()) {
                    continue;
                }
                types.addAll(List.of(e.getGenericParameterTypes()));
                types.addAll(List.of(e.getGenericExceptionTypes()));
                if (e instanceof Method m) {
                    types.add(m.getGenericReturnType());
                }
            }
            for (Type t : types) {
                if (t.getTypeName().contains(ROOT + ".internal.")) {
                    leaks.add(c.getName() + ": " + t.getTypeName());
                }
            }
        }
        assertTrue(leaks.isEmpty(), "internal types in public signatures:\n  " + String.join("\n  ", leaks));
    }

    @Test
    void publicPackageHoldsOnlyPublicApi() throws IOException {
        List<String> hidden = new ArrayList<>();
        for (String name : classNames()) {
            if (pkg(name).equals(ROOT) && !name.contains("$") && !name.endsWith(".package-info")) {
                Class<?> c = load(name);
                if (!Modifier.isPublic(c.getModifiers()) && !c.isRecord()) {
                    hidden.add(c.getSimpleName());
                }
            }
        }
        // serialized-form records (Handle, LockHandle) are the only package-private top-level types allowed
        assertTrue(hidden.isEmpty(), "package-private classes in the public package (move them to an internal one): " + hidden);
    }

    @Test
    void moduleExportsOnlyThePublicPackages() throws IOException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        Set<String> open = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(EXPORTED), open, "unqualified exports");
        for (ModuleDescriptor.Exports e : d.exports()) {
            if (e.isQualified()) {
                assertEquals(Set.of(ROOT + ".hazelcast"), e.targets(), "internal package " + e.source()
                        + " is exported to more than the hazelcast module");
            }
        }
    }

    /** The public package's classes that use no internal package, directly or through another public class. */
    private static Set<String> apiValueTypes() throws IOException {
        Set<String> candidates = new HashSet<>();
        classNames().stream().filter(c -> pkg(c).equals(ROOT)).forEach(candidates::add);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = candidates.iterator(); it.hasNext(); ) {
                String c = it.next();
                for (String to : uses.getOrDefault(c, Set.of())) {
                    String p = pkg(to);
                    boolean ok = p.equals(ROOT + ".function") || (p.equals(ROOT) && candidates.contains(to));
                    if (!ok) {
                        it.remove();
                        changed = true;
                        break;
                    }
                }
            }
        }
        return candidates;
    }

    private static String node(String cls, Set<String> values) {
        return values.contains(cls) ? API_VALUES : pkg(cls);
    }

    private static String pkg(String cls) {
        return cls.substring(0, cls.lastIndexOf('.'));
    }

    private static String simple(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /** Tarjan's strongly connected components of {@code graph}. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(nodes::addAll);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                connect(n, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }

    private static List<String> classNames() throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
                    .map(p -> classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .sorted().toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ArchitectureTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!isVisible(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
