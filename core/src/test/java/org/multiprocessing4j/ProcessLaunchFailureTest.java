package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.launch.ChildProcess;
import org.multiprocessing4j.internal.launch.JvmCommand;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/** A Process whose JVM cannot start ends with exit code 1, and its stderr says why. */
@ExtendWith(ChildCleanup.class)
class ProcessLaunchFailureTest {
    private static final Duration HANG = Duration.ofSeconds(60);

    @Test
    void aBadJvmOptionEndsWithExitCodeOneAndTheJvmsReason() throws Exception {
        try (var err = CapturedOutput.stderr()) {
            Process p = new Process(() -> System.out.println("never runs")).addJvmOptions("-XX:+NoSuchJvmOption");
            p.start();
            assertTrue(p.join(HANG), "the process did not end");
            assertEquals(OptionalInt.of(1), p.exitCode());
            err.awaitLine(l -> l.contains("NoSuchJvmOption"), HANG);
            p.close();
        }
    }

    @Test
    void aChildWithoutTheLibraryExitsOneAndItsStderrTailSaysWhy() throws Exception {
        try (var err = CapturedOutput.stderr()) {
            // -cp given last wins over the class path the library sets: ChildMain cannot be found.
            List<String> command = new ArrayList<>(JvmCommand.build(List.of(), List.of()));
            command.add(command.size() - 1, "-cp");
            command.add(command.size() - 1, "/nonexistent-mp4j-test-dir");
            ChildProcess child = ChildProcess.launch(command);
            assertTrue(child.waitFor(HANG));
            assertEquals(OptionalInt.of(1), child.exitCode());
            err.awaitLine(l -> l.contains("Could not find or load main class"), HANG);
            String tail = child.stderrTail();
            assertTrue(tail.contains("Could not find or load main class"), tail);
        }
    }

    @Test
    void theStderrTailOfABadJvmOptionNamesIt() throws Exception {
        List<String> command = new ArrayList<>(JvmCommand.build(List.of(), List.of()));
        command.add(command.size() - 1, "-XX:+NoSuchJvmOptionForTheTail");
        ChildProcess child = ChildProcess.launch(command);
        assertTrue(child.waitFor(HANG));
        assertEquals(OptionalInt.of(1), child.exitCode());
        assertTrue(child.stderrTail().contains("NoSuchJvmOptionForTheTail"), child.stderrTail());
    }

    @Test
    void theSourceLauncherGetsAnErrorThatSaysWhyAndWhatToDo(@TempDir Path dir) throws Exception {
        Path app = dir.resolve("App.java");
        Files.writeString(app, """
                public class App {
                    public static void main(String[] args) throws Exception {
                        new org.multiprocessing4j.Process(() -> System.out.println("child ran")).start();
                    }
                }
                """);
        java.lang.Process java = new ProcessBuilder(JvmCommand.javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), app.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            assertTrue(java.waitFor(HANG.toSeconds(), TimeUnit.SECONDS), "the source launcher did not end");
        } finally {
            java.destroyForcibly();
            java.waitFor();
        }
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(1, java.exitValue(), out);
        assertTrue(out.contains("IllegalStateException: cannot start Process-1: class App was compiled in memory"), out);
        assertTrue(out.contains("compile it to class files"), out);
        assertTrue(!out.contains("child ran"), out);
    }
}
