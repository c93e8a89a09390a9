package org.multiprocessing4j.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool's internals do not depend on the API package's behaviour classes (no package cycle
 * api -> internal.pool -> api through them), and the API package holds no pool internals. Read
 * from the compiled classes: every class name and type descriptor in each class's constant pool.
 */
@Timeout(60)
class PoolPackageDependenciesTest {
    /** The API package's types internal.pool may name: plain values and exceptions a task's result or failure is made of. */
    private static final Set<String> VALUE_TYPES = Set.of("Tuple2", "Tuple3", "PoolTaskException", "RemoteTraceback",
            "DeserializationException");
    /** A class of the API package itself (not of a sub-package), as a constant pool names it. */
    private static final Pattern API_TYPE = Pattern.compile("org/multiprocessing4j/([A-Za-z0-9_]+)(?:\\$[A-Za-z0-9_$]*)?(?=;|$|<)");

    private static Path classes() throws URISyntaxException {
        return Path.of(PoolEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void internalPoolNamesNoBehaviourClassOfTheApiPackage() throws Exception {
        Path dir = classes().resolve("org/multiprocessing4j/internal/pool");
        TreeMap<String, Set<String>> offenders = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertFalse(files.isEmpty(), "no classes in " + dir);
        for (Path f : files) {
            for (String type : apiTypes(f)) {
                if (!VALUE_TYPES.contains(type)) {
                    offenders.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(type);
                }
            }
        }
        assertEquals(new TreeMap<>(), offenders, "internal.pool classes naming API classes other than " + VALUE_TYPES);
    }

    @Test
    void theApiPackageHoldsNoPoolEngine() throws Exception {
        Path api = classes().resolve("org/multiprocessing4j");
        assertFalse(Files.exists(api.resolve("PoolEngine.class")), "PoolEngine belongs to internal.pool");
        try (Stream<Path> s = Files.list(api)) {
            List<String> poolClasses = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("Pool$") && n.endsWith(".class")).sorted().toList();
            // the builder and the imap iterator type (public), the engine's host and the iterator's
            // adapter (private), the host's worker handle (anonymous), and the exit hooks' results (public)
            assertTrue(Set.of("Pool$Builder.class", "Pool$ResultIterator.class", "Pool$Host.class",
                    "Pool$Results.class", "Pool$Host$1.class", "Pool$WorkerExit.class", "Pool$Monitor.class").containsAll(poolClasses),
                    poolClasses.toString());
        }
    }

    /** The simple names of the API package's classes that a class file names anywhere in its constant pool. */
    private static Set<String> apiTypes(Path classFile) throws IOException {
        ClassModel model = ClassFile.of().parse(Files.readAllBytes(classFile));
        Set<String> names = new TreeSet<>();
        for (PoolEntry e : model.constantPool()) {
            String text = switch (e) {
                case ClassEntry c -> c.asInternalName();
                case Utf8Entry u -> u.stringValue(); // descriptors and generic signatures
                default -> null;
            };
            if (text == null) {
                continue;
            }
            Matcher m = API_TYPE.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
