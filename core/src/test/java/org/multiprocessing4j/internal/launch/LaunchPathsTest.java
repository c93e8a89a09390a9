package org.multiprocessing4j.internal.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What children get of this JVM's class path, class loaders and options. */
class LaunchPathsTest {
    @Test
    void urlsOfIsolatedLoadersFollowTheClassPathParentsFirst(@TempDir Path dir) throws Exception {
        Path outer = Files.createDirectory(dir.resolve("outer"));
        Path inner = Files.createFile(dir.resolve("inner.jar"));
        Path boot = Files.createFile(dir.resolve("boot.jar"));
        try (URLClassLoader parent = new URLClassLoader(new URL[] {outer.toUri().toURL()}, ClassLoader.getSystemClassLoader());
                URLClassLoader child = new URLClassLoader(new URL[] {inner.toUri().toURL(),
                        new URL("http://example.com/remote.jar"), dir.resolve("missing.jar").toUri().toURL()}, parent)) {
            String cp = LaunchPaths.applicationClassPath(boot.toString(), List.of(child, child), dir.resolve("lib.jar"));
            assertEquals(String.join(File.pathSeparator, boot.toString(), outer.toString(), inner.toString(),
                    dir.resolve("lib.jar").toString()), cp);
        }
    }

    @Test
    void codeAndModuleOptionsArePassedAndOthersAreNot() {
        List<String> args = List.of("-Xmx1g", "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports",
                "java.base/sun.nio.ch=ALL-UNNAMED", "-javaagent:/x/agent.jar=opt", "-agentlib:jdwp=transport=dt_socket",
                "--enable-preview", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
        assertEquals(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports",
                "java.base/sun.nio.ch=ALL-UNNAMED", "-javaagent:/x/agent.jar=opt", "--enable-preview",
                "--enable-native-access=ALL-UNNAMED"), LaunchPaths.inheritedOptions(args));
    }

    @Test
    void classesFromFilesAreLoadableAndJdkClassesToo() {
        assertNull(LaunchPaths.unloadableReason(LaunchPathsTest.class));
        assertNull(LaunchPaths.unloadableReason(String.class));
        Runnable lambda = (Runnable & java.io.Serializable) () -> {};
        assertNull(LaunchPaths.unloadableReason(lambda.getClass()));
    }

    @Test
    void aSpringBootJarStartsChildMainThroughBootsPropertiesLauncher(@TempDir Path dir) throws Exception {
        Path boot = jar(dir.resolve("app.jar"), "org.springframework.boot.loader.launch.JarLauncher");
        Path boot2 = jar(dir.resolve("app2.jar"), "org.springframework.boot.loader.JarLauncher");
        Path plain = jar(dir.resolve("plain.jar"), "com.example.app.Main");
        LaunchPaths.SpringBootJar found = LaunchPaths.springBootJar(boot.toString(), true);
        assertEquals(new LaunchPaths.SpringBootJar(boot, "org.springframework.boot.loader.launch.PropertiesLauncher"), found);
        assertEquals("org.springframework.boot.loader.PropertiesLauncher",
                LaunchPaths.springBootJar(boot2.toString(), true).launcher());
        assertNull(LaunchPaths.springBootJar(plain.toString(), true));
        assertNull(LaunchPaths.springBootJar(boot.toString(), false)); // loaded from the class path itself
        assertNull(LaunchPaths.springBootJar(boot + File.pathSeparator + plain, true));

        List<String> command = JvmCommand.build(List.of("-Xmx64m"), List.of(), AotCache.disabled("ignored"), found);
        assertEquals(List.of("-Dloader.main=" + JvmCommand.CHILD_MAIN, "-cp", boot.toString(),
                "org.springframework.boot.loader.launch.PropertiesLauncher"),
                command.subList(command.size() - 4, command.size()));
        assertTrue(command.contains("-Xmx64m") && command.contains("--enable-native-access=ALL-UNNAMED"), command::toString);
    }

    private static Path jar(Path path, String mainClass) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path), manifest)) {
            return path;
        }
    }
}
