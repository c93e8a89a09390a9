package org.multiprocessing4j.internal.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.runtime.Bootstrap;
import org.multiprocessing4j.internal.serial.ClassAllowList;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.testing.CapturedOutput;

/**
 * The AOT cache with real JVMs: a training in a private cache folder, children that use the cache
 * (seen in the JVM's class-loading log), a cache the JVM cannot use that stays silent, and spares
 * across the command change the cache brings.
 */
class AotCacheTest {
    /** Bounds waits only to catch hangs. */
    static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    static Path cacheDir;

    /** Trained once for the class: a training costs a second or two of CPU. */
    static AotCache trained;

    @BeforeAll
    static void train() throws Exception {
        trained = AotCache.create(cacheDir, System.getProperty("java.class.path"), AotCache.librarySource());
        assertFalse(Files.exists(trained.cacheFile()), "a fresh folder has no cache");
        assertEquals(List.of(), trained.options(List.of(), List.of()), "no cache options before the cache exists");
        assertTrue(trained.train().get(3, TimeUnit.MINUTES), "the training made the cache; see " + cacheDir);
    }

    @Test
    void theCacheIsMadeInThePrivateFolderUnderItsKey() throws Exception {
        Path file = trained.cacheFile();
        assertTrue(Files.isRegularFile(file));
        assertEquals(cacheDir.resolve("aot"), file.getParent());
        assertEquals(AotKey.key(trained.trainingClassPath()) + ".aot", file.getFileName().toString());

        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file.getParent())));
        String key = AotKey.key(trained.trainingClassPath());
        assertTrue(Files.readString(file.resolveSibling(key + ".log")).contains("done: " + file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp") || f.toString().endsWith(".config")).toList(),
                    "no temporary files are left");
        }
        assertEquals(List.of(AotCache.CACHE_OPTION + file, AotCache.QUIET), trained.options(List.of(), List.of()));
        assertTrue(trained.train().isDone(), "a present cache needs no training");
    }

    @Test
    void classPathIsJarsFirstWithTheLibraryAsAJar() throws Exception {
        List<String> original = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> child = Arrays.asList(trained.classPath().split(File.pathSeparator));
        Path library = AotCache.librarySource().toAbsolutePath();
        assertEquals(original.size(), child.size());
        int firstNonJar = 0;
        while (firstNonJar < child.size() && Files.isRegularFile(Path.of(child.get(firstNonJar)))) {
            firstNonJar++;
        }
        assertEquals(trained.trainingClassPath(), child.subList(0, firstNonJar));
        for (String rest : child.subList(firstNonJar, child.size())) {
            assertFalse(Files.isRegularFile(Path.of(rest)), "JARs come before " + rest);
        }
        List<String> expected = new ArrayList<>();
        for (String e : original) {
            Path p = Path.of(e).toAbsolutePath();
            expected.add(p.equals(library) && Files.isDirectory(p) ? null : p.toString());
        }
        int libraryIndex = expected.indexOf(null);
        if (libraryIndex >= 0) { // under Maven the library is target/classes: it became a JAR
            String jar = trained.trainingClassPath().stream()
                    .filter(j -> j.startsWith(cacheDir.resolve("jars").toString())).findFirst().orElseThrow();
            expected.set(libraryIndex, jar);
        }
        List<String> reordered = new ArrayList<>(expected.stream().filter(e -> Files.isRegularFile(Path.of(e))).toList());
        expected.stream().filter(e -> !Files.isRegularFile(Path.of(e))).forEach(reordered::add);
        assertEquals(reordered, child, "JARs in their order, then the rest in theirs");
    }

    @Test
    void aChildUsesTheCacheAndItsOutputStaysClean() throws Exception {
        Path loadLog = cacheDir.resolve("class-load-" + System.nanoTime() + ".log");
        try (var out = CapturedOutput.stdout(); var err = CapturedOutput.stderr()) {
            List<String> command = JvmCommand.build(List.of(),
                    List.of("-Xlog:class+load=info:file=" + loadLog), trained);
            assertTrue(command.contains(AotCache.CACHE_OPTION + trained.cacheFile()), command.toString());
            assertEquals(OptionalInt.of(0), runChild(command, "aot-child-ran"));
            out.awaitLine("aot-child-ran"::equals, HANG);
            assertEquals(List.of("aot-child-ran"), out.lines());
            assertEquals(List.of(), err.lines());
        }
        String log = Files.readString(loadLog);
        assertTrue(log.contains(JvmCommand.CHILD_MAIN + " source: shared objects file"),
                "ChildMain came from the AOT cache:\n" + log.lines().filter(l -> l.contains("multiprocessing4j")).toList());
        assertTrue(log.contains(AotCacheTest.class.getName() + " source: file:"),
                "the test's own class came from its directory, after the cached JARs");
        for (Class<?> worker : List.of(org.multiprocessing4j.internal.pool.PoolWorker.class,
                org.multiprocessing4j.internal.pool.ClaimTable.class, org.multiprocessing4j.internal.pool.PoolWire.class)) {
            assertTrue(log.contains(worker.getName() + " source: shared objects file"),
                    "the training ran a pool worker's path, so " + worker.getSimpleName() + " is in the cache");
        }
        String trainingLog = Files.readString(trained.cacheFile().resolveSibling(
                AotKey.key(trained.trainingClassPath()) + ".log"));
        assertFalse(trainingLog.contains("AOT training:"), "the training's workloads all ran:\n" + trainingLog);
    }

    @Test
    void aCacheTheJvmCannotUseIsSkippedSilently() throws Exception {
        try (var out = CapturedOutput.stdout(); var err = CapturedOutput.stderr()) {
            // The trained cache, but without compressed oops: the JVM rejects the cache, and would
            // print "[warning][aot] Unable to use AOT cache." and three errors on stdout.
            List<String> command = JvmCommand.build(List.of(), List.of("-XX:-UseCompressedOops"), trained);
            assertTrue(command.contains(AotCache.CACHE_OPTION + trained.cacheFile()), command.toString());
            assertEquals(OptionalInt.of(0), runChild(command, "other-oops-child-ran"));
            out.awaitLine("other-oops-child-ran"::equals, HANG);

            // A damaged cache file.
            Path otherDir = Files.createDirectories(cacheDir.resolve("damaged"));
            AotCache damaged = AotCache.create(otherDir, System.getProperty("java.class.path"), AotCache.librarySource());
            byte[] junk = new byte[64 * 1024];
            new java.util.Random(1).nextBytes(junk);
            Files.write(damaged.cacheFile(), junk);
            command = JvmCommand.build(List.of(), List.of(), damaged);
            assertTrue(command.contains(AotCache.CACHE_OPTION + damaged.cacheFile()), command.toString());
            assertEquals(OptionalInt.of(0), runChild(command, "damaged-cache-child-ran"));
            out.awaitLine("damaged-cache-child-ran"::equals, HANG);

            assertEquals(List.of("other-oops-child-ran", "damaged-cache-child-ran"), out.lines());
            assertEquals(List.of(), err.lines());
        }
    }

    @Test
    void userSharingOptionsTurnTheCacheOffForThatChild() {
        assertEquals(List.of(), trained.options(List.of("-Xshare:off"), List.of()));
        assertEquals(List.of(), trained.options(List.of(), List.of("-XX:AOTMode=off")));
        assertEquals(List.of(), trained.options(List.of(), List.of("-XX:SharedArchiveFile=/x.jsa")));
        List<String> command = JvmCommand.build(List.of(), List.of("-Xshare:off"), trained);
        assertFalse(command.stream().anyMatch(o -> o.startsWith("-XX:AOTCache")), command.toString());
        assertEquals(2, trained.options(List.of("-Xmx64m"), List.of("-Dx=y")).size());

        AotCache off = AotCache.disabled("a.jar" + File.pathSeparator + "dir");
        assertEquals("a.jar" + File.pathSeparator + "dir", off.classPath());
        assertEquals(List.of(), off.options(List.of(), List.of()));
        assertNull(off.cacheFile());
    }

    @Test
    void theLibraryJarIsDeterministicAndFollowsItsDirectory(@TempDir Path tmp) throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes/a/b"));
        Files.writeString(classes.resolve("C.class"), "not really a class");
        Files.setLastModifiedTime(classes.resolve("C.class"), java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        Path jars = Files.createDirectories(tmp.resolve("jars"));
        Path jar = AotClassPath.jarOf(tmp.resolve("classes"), jars);
        assertEquals(jar, AotClassPath.jarOf(tmp.resolve("classes"), jars), "found again by its name");
        byte[] bytes = Files.readAllBytes(jar);
        var time = Files.getLastModifiedTime(jar);
        assertEquals(1_700_000_000_000L, time.toMillis(), "stamped with the newest file's time");
        Files.delete(jar);
        assertEquals(jar, AotClassPath.jarOf(tmp.resolve("classes"), jars));
        assertArrayEquals(bytes, Files.readAllBytes(jar), "made again, byte for byte");
        assertEquals(time, Files.getLastModifiedTime(jar));
        try (var jf = new java.util.jar.JarFile(jar.toFile())) {
            assertNotNull(jf.getEntry("a/b/C.class"));
        }
        Files.writeString(classes.resolve("D.class"), "another");
        assertNotEquals(jar, AotClassPath.jarOf(tmp.resolve("classes"), jars), "a changed directory gets another JAR");
    }

    @Test
    void sparesStayInUseWhenTheCacheAppearsAndFollowOtherCommandChanges() throws Exception {
        List<String> withCache = JvmCommand.build(List.of(), List.of(), trained);
        List<String> withoutCache = AotCache.withoutCacheOptions(withCache);
        assertNotEquals(withCache, withoutCache);
        List<String> other = new ArrayList<>(withCache);
        other.add(other.size() - 1, "-Dmp4jtest.spare=other");
        try (var out = CapturedOutput.stdout()) {
            SpareJvms.configure(1, withoutCache);
            try {
                assertTrue(SpareJvms.awaitReady(HANG));
                long oldSpare = SpareJvms.readyPids().getFirst();
                ChildProcess spare = SpareJvms.take(withCache);
                assertNotNull(spare, "a spare made before the cache serves a command with it");
                assertEquals(oldSpare, spare.pid());
                assertFalse(spare.command().contains(AotCache.QUIET));
                assertEquals(OptionalInt.of(0), runOn(spare, "old-spare-ran"));

                assertTrue(SpareJvms.awaitReady(HANG));
                spare = SpareJvms.take(withCache);
                assertNotNull(spare);
                assertTrue(spare.command().contains(AotCache.QUIET), "its replacement uses the cache: " + spare.command());
                assertEquals(OptionalInt.of(0), runOn(spare, "new-spare-ran"));

                assertTrue(SpareJvms.awaitReady(HANG));
                assertNull(SpareJvms.take(other), "another command: the ready spare cannot serve it");
                assertTrue(SpareJvms.awaitReady(HANG), "spares were re-configured for the other command");
                spare = SpareJvms.take(other);
                assertNotNull(spare);
                assertTrue(spare.command().contains("-Dmp4jtest.spare=other"), spare.command().toString());
                assertEquals(OptionalInt.of(0), runOn(spare, "other-spare-ran"));
                out.awaitLine("other-spare-ran"::equals, HANG);
                assertEquals(List.of("old-spare-ran", "new-spare-ran", "other-spare-ran"), out.lines());
            } finally {
                SpareJvms.configure(0, other);
            }
        }
    }

    @Test
    void pruningKeepsTheMostRecentlyUsedKeys(@TempDir Path aotDir) throws Exception {
        long old = System.currentTimeMillis() - AotSupervisor.PRUNE_GRACE_MILLIS - 60_000;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < AotSupervisor.KEEP + 4; i++) {
            String key = "k" + i;
            keys.add(key);
            for (String suffix : List.of(".aot", ".log", ".lock")) {
                Path f = Files.writeString(aotDir.resolve(key + suffix), key);
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(old + i * 1000L));
            }
        }
        Files.writeString(aotDir.resolve("fresh.aot"), "used just now");
        AotSupervisor.prune(aotDir, "k0");
        try (var files = Files.list(aotDir)) {
            List<String> left = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".aot")).sorted().toList();
            List<String> expected = new ArrayList<>(List.of("fresh.aot", "k0.aot"));
            for (int i = 4 + 1; i < AotSupervisor.KEEP + 4; i++) { // the newest KEEP - 1 old keys, besides fresh
                expected.add("k" + i + ".aot");
            }
            assertEquals(expected.stream().sorted().toList(), left);
        }
        assertFalse(Files.exists(aotDir.resolve("k1.log")), "a pruned key loses all its files");
    }

    /** Launches a child with {@code command} that prints {@code line}; returns its exit code. */
    private static OptionalInt runChild(List<String> command, String line) throws Exception {
        return runOn(ChildProcess.launch(command), line);
    }

    /** Hands a child (new or spare) a task that prints {@code line}; waits, returns its exit code. */
    private static OptionalInt runOn(ChildProcess child, String line) throws Exception {
        try {
            Process task = new Process("aot-test", () -> System.out.println(line));
            child.sendBootstrap(new Bootstrap(task.name(), task.identity(), false, ProcessHandle.current().pid(),
                    "MainProcess", ClassAllowList.patterns(), List.of(), Serialization.toFrame(task)));
            assertTrue(child.waitFor(HANG), "child " + child.pid() + " exited");
            return child.exitCode();
        } finally {
            if (child.isAlive()) {
                child.kill();
                child.waitFor(HANG);
            }
        }
    }
}
