package org.multiprocessing4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CPython twin of a case: {@code python3 benchmarks/python/bench.py <case> --runs N
 * --start-method M}, which prints one line {@code <median> <unit>} on stdout (its stderr is passed
 * through).
 *
 * <pre>{@code
 * Optional<PythonTwin> py = PythonTwin.find(Path.of(""));
 * double ms = py.orElseThrow().run("process_start_join", "ms/process", 5, "spawn");
 * }</pre>
 */
public final class PythonTwin {
    /** The script's path relative to the repository root, where {@code ./mp4j} runs. */
    public static final Path SCRIPT = Path.of("benchmarks", "python", "bench.py");
    /** System property naming the Python interpreter; {@code python3} by default. */
    public static final String PYTHON_PROPERTY = "mp4j.bench.python";
    /** The longest a twin may run: its script keeps a case's runs to about 25 s, plus warm-up. */
    private static final long TIMEOUT_SECONDS = 300;

    /** The script's exit status when a twin cannot run here (its numpy is missing). */
    static final int EXIT_SKIPPED = 3;

    private final String python;
    private final Path script;
    private final String version;
    private final Optional<String> numpyVersion;

    private PythonTwin(String python, Path script, String version, Optional<String> numpyVersion) {
        this.python = python;
        this.script = script;
        this.version = version;
        this.numpyVersion = numpyVersion;
    }

    /** A twin that the script skipped because it needs numpy and the interpreter has none. */
    static final class Skipped extends Exception {
        Skipped(String message) {
            super(message);
        }
    }

    /**
     * Finds the interpreter and the script: {@code benchmarks/python/bench.py} under
     * {@code workDir}, or {@code python/bench.py} when run from the benchmarks module.
     *
     * @return empty if the interpreter cannot be run (it is not installed)
     * @throws IllegalStateException if the interpreter runs but the script is not found
     */
    public static Optional<PythonTwin> find(Path workDir) throws InterruptedException {
        String python = System.getProperty(PYTHON_PROPERTY, "python3");
        String version;
        try {
            java.lang.Process p = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        Path script = workDir.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            Path inModule = workDir.resolve(Path.of("python", "bench.py"));
            if (!Files.isRegularFile(inModule)) {
                throw new IllegalStateException("the CPython benchmark script " + SCRIPT + " is not under "
                        + workDir.toAbsolutePath().normalize() + "; run from the repository root (./mp4j bench)"
                        + " or pass --java-only");
            }
            script = inModule;
        }
        return Optional.of(new PythonTwin(python, script, version, numpyVersion(python)));
    }

    /** The numpy version {@code python} imports, or empty if it has none. */
    private static Optional<String> numpyVersion(String python) throws InterruptedException {
        try {
            java.lang.Process p = new ProcessBuilder(python, "-c", "import numpy; print(numpy.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The version of numpy the interpreter has, or empty: then the twins that need it are skipped. */
    public Optional<String> numpyVersion() {
        return numpyVersion;
    }

    /** The interpreter's version line, e.g. {@code Python 3.11.7}. */
    public String version() {
        return version;
    }

    /**
     * Runs the twin {@code pythonCase} and returns its median.
     *
     * @param expectedUnit the unit the Java side reports; the twin must report the same
     * @throws Skipped if the twin needs numpy and the interpreter has none
     * @throws IllegalStateException if the twin fails, times out, or prints something else than
     *     {@code <value> <expectedUnit>}
     */
    public double run(String pythonCase, String expectedUnit, int runs, String startMethod)
            throws IOException, InterruptedException, Skipped {
        List<String> command = List.of(python, script.toString(), pythonCase, "--runs", Integer.toString(runs),
                "--start-method", startMethod);
        java.lang.Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // The twin prints a single line, far below a pipe's capacity, so waiting before reading is safe.
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                    + TIMEOUT_SECONDS + " s and was killed");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() == EXIT_SKIPPED) {
            throw new Skipped("skipped: the twin needs numpy, which " + python + " does not have");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue()
                    + " (its stderr is above)");
        }
        return parse(out, expectedUnit, String.join(" ", command));
    }

    /**
     * Parses the last non-blank line of {@code out}: {@code <value> <unit>}.
     *
     * @throws IllegalStateException if it is not a finite positive number and {@code expectedUnit}
     */
    static double parse(String out, String expectedUnit, String what) {
        String line = out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").strip();
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
            throw new IllegalStateException(what + " printed \"" + line + "\", expected \"<value> " + expectedUnit + "\"");
        }
        if (!parts[1].equals(expectedUnit)) {
            throw new IllegalStateException(what + " reported unit \"" + parts[1] + "\", but the Java side reports \""
                    + expectedUnit + "\"");
        }
        double value;
        try {
            value = Double.parseDouble(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(what + " printed value=\"" + parts[0] + "\", which is not a number", e);
        }
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalStateException(what + " printed value=" + value + ", expected a finite positive number");
        }
        return value;
    }
}
