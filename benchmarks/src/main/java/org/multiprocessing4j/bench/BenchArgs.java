package org.multiprocessing4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link Bench}:
 * {@code [--java-only] [--runs N] [--platform NAME] [--list] [case ...]}.
 *
 * <pre>{@code
 * BenchArgs a = BenchArgs.parse(new String[] {"--runs", "3", "process_start_join"});
 * a.runs();    // 3
 * a.cases();   // [process_start_join]
 * }</pre>
 *
 * @param javaOnly skip the CPython twins
 * @param runs measured runs per case and implementation, at least 1
 * @param list print the cases and exit
 * @param help print the usage and exit
 * @param cases the case names to run, all if empty (not validated here)
 * @param platform the platform layer to force ({@code -Dmp4j.platform} of this JVM and its
 *     children, e.g. {@code portable}), or null for the system's
 */
public record BenchArgs(boolean javaOnly, int runs, boolean list, boolean help, List<String> cases, String platform) {
    /** Measured runs when {@code --runs} is not given. */
    public static final int DEFAULT_RUNS = 5;

    /** The usage text. */
    public static final String USAGE = """
            usage: ./mp4j bench [--java-only] [--runs N] [--platform NAME] [--list] [case ...]
              --java-only  run the Java side only, not the CPython twins
              --runs N     measured runs per case after one warm-up; the median is reported (default 5)
              --platform NAME  force the platform layer (-Dmp4j.platform) of the Java side and its
                           children: portable, or the system's own (linux-futex, macos, windows)
              --list       print the known cases and exit
              case ...     run only these cases (default: all)""";

    public BenchArgs {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs=" + runs + " must be >= 1");
        }
        cases = List.copyOf(cases);
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException on an unknown option or a bad {@code --runs} value
     */
    public static BenchArgs parse(String[] args) {
        boolean javaOnly = false;
        boolean list = false;
        boolean help = false;
        int runs = DEFAULT_RUNS;
        String platform = null;
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--java-only" -> javaOnly = true;
                case "--list" -> list = true;
                case "-h", "--help" -> help = true;
                case "--runs" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--runs needs a value, e.g. --runs 5");
                    }
                    runs = parseRuns(args[++i]);
                }
                case "--platform" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--platform needs a value, e.g. --platform portable");
                    }
                    platform = args[++i];
                }
                default -> {
                    if (a.startsWith("--platform=")) {
                        platform = a.substring("--platform=".length());
                    } else if (a.startsWith("--runs=")) {
                        runs = parseRuns(a.substring("--runs=".length()));
                    } else if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option \"" + a + "\"");
                    } else {
                        cases.add(a);
                    }
                }
            }
        }
        return new BenchArgs(javaOnly, runs, list, help, cases, platform);
    }

    private static int parseRuns(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--runs=\"" + value + "\" must be a whole number >= 1", e);
        }
    }
}
