package org.multiprocessing4j.internal.launch;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.multiprocessing4j.internal.child.ChildMain;

/**
 * The class path of children with the AOT cache (see {@link AotCache}, step "Class path"). The
 * JDK records only classes from JARs, and refuses to train with a non-empty directory on the
 * class path; at run time the class path may be the training one with more entries after it. So
 * this JVM's class path is rearranged: if this library's code source is a directory, it is
 * replaced by a JAR of it ({@link #jarOf}); then the JARs come first, in their original order,
 * and the directories (and entries that do not exist) after them, in their original order.
 * Entries are made absolute. The JARs are the <em>training class path</em>.
 */
final class AotClassPath {
    /** A class path as children get it, and its JARs, which the cache is trained on and keyed by. */
    record Arranged(String classPath, List<String> training) {}

    /** A folder made on first use. */
    @FunctionalInterface
    interface Folder {
        /** Makes the folder if needed and returns it. */
        Path get() throws IOException;
    }

    private AotClassPath() {}

    /**
     * Arranges {@code classPath} (as {@code java.class.path}): the JARs first, a directory that is
     * {@code library} replaced by its JAR in {@code jars}.
     *
     * @return the arrangement, or null if {@code library} is not on the class path (the training
     *     would not find {@code ChildMain})
     * @throws IOException if the JAR of the library's directory cannot be made
     */
    static Arranged arrange(String classPath, Path library, Folder jars) throws IOException {
        Path libraryPath = library.toAbsolutePath().normalize();
        List<Path> jarEntries = new ArrayList<>();
        List<Path> rest = new ArrayList<>();
        Path libraryEntry = null;
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (libraryEntry == null && p.normalize().equals(libraryPath)) {
                if (Files.isDirectory(p)) {
                    p = jarOf(p, jars.get());
                }
                libraryEntry = p;
            }
            (Files.isRegularFile(p) ? jarEntries : rest).add(p);
        }
        if (libraryEntry == null || !jarEntries.contains(libraryEntry)) {
            return null;
        }
        List<String> training = new ArrayList<>(jarEntries.size());
        for (Path p : jarEntries) {
            training.add(p.toString());
        }
        List<String> all = new ArrayList<>(training);
        for (Path p : rest) {
            all.add(p.toString());
        }
        return new Arranged(String.join(File.pathSeparator, all), List.copyOf(training));
    }

    /**
     * The JAR of a class directory, in {@code jarDir}, named by a hash of the directory's file
     * names, sizes and times; made if missing. Entries are sorted and stamped with the newest
     * file's time, which is also the JAR's modification time, so equal directories give equal JARs.
     */
    static Path jarOf(Path dir, Path jarDir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> !p.equals(dir)).sorted(Comparator.comparing(p -> entryName(dir, p))).toList();
        }
        AotKey.Hash h = new AotKey.Hash();
        long newest = 0;
        for (Path f : files) {
            h.add(entryName(dir, f));
            if (Files.isRegularFile(f)) {
                FileTime t = Files.getLastModifiedTime(f);
                newest = Math.max(newest, t.toMillis());
                h.add(Files.size(f)).add(t.to(TimeUnit.NANOSECONDS));
            }
        }
        Path jar = jarDir.resolve("mp4j-classes-" + h.hex() + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path tmp = newTempFile(jarDir, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out)) {
                for (Path f : files) {
                    boolean isDir = Files.isDirectory(f);
                    JarEntry e = new JarEntry(entryName(dir, f) + (isDir ? "/" : ""));
                    e.setTime(newest);
                    jos.putNextEntry(e);
                    if (!isDir) {
                        Files.copy(f, jos);
                    }
                    jos.closeEntry();
                }
            }
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(newest));
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return jar;
    }

    private static String entryName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(File.separatorChar, '/');
    }

    /**
     * A new empty file in {@code dir}, readable by its owner only where POSIX. (Not
     * {@code Files.createTempFile}: its {@code SecureRandom} costs milliseconds on a cold JVM.)
     */
    static Path newTempFile(Path dir, String suffix) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("unix");
        for (int attempt = 0; ; attempt++) {
            Path f = dir.resolve("tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + suffix);
            try {
                return posix
                        ? Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(f);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

}
