package org.multiprocessing4j.internal.launch;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVM that makes an AOT cache in the background (see {@link AotCache}, steps "Training" and
 * "Pruning"): {@link #start} launches it, at the lowest CPU priority where {@code nice} exists,
 * on the training class path; {@link #main} is its entry point. It takes a {@link FileLock} on
 * {@code <key>.lock} (if another JVM holds it, that one is training, and it gives up), runs
 * {@code java <DEFAULT_OPTIONS> -XX:AOTCacheOutput=<tmp> -cp <training class path> ChildMain
 * --train} (a child's work on a no-op task, see {@code ChildMain}) with its output in
 * {@code <key>.log}, and when that exits 0 with the file written, and the JARs are unchanged,
 * moves the file to {@code <key>.aot} atomically and prunes the folder. It outlives the program
 * that launched it, so the cache is made even when that program has exited. A training that
 * fails leaves {@code <key>.failed} and the key is not trained again (delete the file to retry).
 */
public final class AotSupervisor {
    /** How many keys' caches the pruning keeps. */
    static final int KEEP = 8;
    /** Files of a key younger than this are never pruned: a training may be writing them. */
    static final long PRUNE_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /** Exit code of a supervisor that found another JVM training the same key. */
    static final int BUSY = 3;

    private AotSupervisor() {}

    /**
     * Launches the supervisor JVM for {@code key} in {@code aotDir}, on {@code trainingClassPath},
     * with its output appended to {@code <key>.log}; returns at once.
     *
     * @throws IOException if the process cannot be started
     */
    static java.lang.Process start(List<String> trainingClassPath, Path aotDir, String key) throws IOException {
        List<String> command = new ArrayList<>();
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (Files.isExecutable(Path.of(nice))) {
                command.addAll(List.of(nice, "-n", "19"));
                break;
            }
        }
        command.addAll(List.of(JvmCommand.javaExecutable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-Xmx64m", "-cp", String.join(File.pathSeparator, trainingClassPath),
                AotSupervisor.class.getName(), aotDir.toString(), key));
        command.addAll(JvmCommand.inheritedOptions()); // the training child runs with them too
        java.lang.Process supervisor = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(aotDir.resolve(key + ".log").toFile()))
                .start();
        supervisor.getOutputStream().close();
        return supervisor;
    }

    /**
     * The training supervisor: {@code java -cp <training class path> AotSupervisor <aotDir> <key>
     * [option...]}, the options being the ones children inherit from the JVM that wants the cache
     * (they shape the module graph, which the cache records: a cache made without
     * {@code --add-modules} or {@code --add-opens} is refused by a child that has them).
     * Exits 0 when the cache exists, {@value #BUSY} when another JVM is training, 1 on failure.
     */
    public static void main(String[] args) throws Exception {
        System.exit(supervise(Path.of(args[0]), args[1], List.of(args).subList(2, args.length)));
    }

    private static int supervise(Path aotDir, String key, List<String> inherited)
            throws IOException, InterruptedException {
        Path cache = aotDir.resolve(key + ".aot");
        try (FileChannel ch = FileChannel.open(aotDir.resolve(key + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            if (lock == null) {
                return BUSY;
            }
            if (Files.isRegularFile(cache)) {
                return 0;
            }
            List<String> training = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
            if (!key.equals(AotKey.key(training, inherited))) {
                System.out.println("class path changed since the key was made; not training " + key);
                return 1;
            }
            Path tmp = aotDir.resolve(key + ".aot." + ProcessHandle.current().pid() + ".tmp");
            List<String> command = new ArrayList<>();
            command.add(JvmCommand.javaExecutable());
            command.addAll(JvmCommand.DEFAULT_OPTIONS);
            command.addAll(inherited);
            command.addAll(List.of("-XX:AOTCacheOutput=" + tmp, "-cp", String.join(File.pathSeparator, training),
                    JvmCommand.CHILD_MAIN, JvmCommand.TRAIN_ARG));
            Path log = aotDir.resolve(key + ".log");
            Files.writeString(log, "mp4j AOT training " + Instant.now() + "\n" + String.join(" ", command) + "\n");
            java.lang.Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            p.getOutputStream().close();
            int code = p.waitFor();
            try {
                if (code == 0 && Files.isRegularFile(tmp) && key.equals(AotKey.key(training, inherited))) {
                    Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(log, "done: " + cache + "\n", StandardOpenOption.APPEND);
                    prune(aotDir, key);
                    return 0;
                }
                Files.writeString(log, "failed: exit code " + code + "\n", StandardOpenOption.APPEND);
                if (code != 0 && code < 128) { // not killed by a signal: it would fail again
                    Files.writeString(aotDir.resolve(key + ".failed"), "exit code " + code + "\n");
                }
                return 1;
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(Path.of(tmp + ".config"));
            }
        }
    }

    /**
     * Deletes the files of all keys but {@code keep}, the {@value #KEEP} most recently used, and
     * those used in the last {@link #PRUNE_GRACE_MILLIS} ms. A key's last use is the newest
     * modification time of its files; a JVM that finds a cache sets it.
     */
    static void prune(Path aotDir, String keep) throws IOException {
        Map<String, List<Path>> byKey = new HashMap<>();
        Map<String, Long> lastUsed = new HashMap<>();
        try (Stream<Path> files = Files.list(aotDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                String k = dot < 0 ? name : name.substring(0, dot);
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(f);
                long t = Files.getLastModifiedTime(f).toMillis();
                lastUsed.merge(k, t, Math::max);
            }
        }
        long young = System.currentTimeMillis() - PRUNE_GRACE_MILLIS;
        List<String> keys = new ArrayList<>(byKey.keySet());
        keys.sort(Comparator.comparing((String k) -> lastUsed.get(k)).reversed());
        for (int i = KEEP; i < keys.size(); i++) {
            String k = keys.get(i);
            if (!k.equals(keep) && lastUsed.get(k) < young) {
                for (Path f : byKey.get(k)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

}
