package org.multiprocessing4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the measured medians as CSV with the header {@code case,impl,value,unit}, one row per
 * case and implementation ({@code java}, {@code cpython-fork}, {@code cpython-spawn}); failed or
 * skipped implementations have no row.
 *
 * <pre>{@code
 * ResultsCsv.write(results, ResultsCsv.DEFAULT_PATH);   // target/bench/results.csv
 * }</pre>
 */
public final class ResultsCsv {
    /** Where {@link Bench} writes, relative to the working directory. */
    public static final Path DEFAULT_PATH = Path.of("target", "bench", "results.csv");

    private ResultsCsv() {}

    /** Writes {@code results} to {@code file}, creating its folders and replacing an older file. */
    public static void write(List<CaseResult> results, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("case,impl,value,unit");
        for (CaseResult r : results) {
            for (Map.Entry<String, Double> e : r.values().entrySet()) {
                lines.add(r.benchCase().name() + "," + e.getKey() + "," + Numbers.plain(e.getValue()) + ","
                        + r.benchCase().unit());
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
