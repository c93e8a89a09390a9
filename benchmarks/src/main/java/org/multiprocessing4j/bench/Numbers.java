package org.multiprocessing4j.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Number formats of the table and the CSV file.
 *
 * <pre>{@code
 * Numbers.human(8_123_456);      // "8.12 M"
 * Numbers.human(2.1);            // "2.10"
 * Numbers.ratio(OptionalDouble.of(0.004781));   // "0.00478x"
 * Numbers.plain(8_123_456.789);  // "8123460"
 * }</pre>
 */
public final class Numbers {
    private Numbers() {}

    /** Three significant digits, with {@code k} and {@code M} for large numbers; {@code -} if empty. */
    public static String human(OptionalDouble v) {
        return v.isPresent() ? human(v.getAsDouble()) : "-";
    }

    /** Three significant digits, with {@code k} and {@code M} for large numbers. */
    public static String human(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3g M", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.3g k", v / 1e3);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A ratio as {@code 1.53x}, or {@code 0.00478x} below 1 (3 significant digits); {@code -} if empty. */
    public static String ratio(OptionalDouble v) {
        if (v.isEmpty()) {
            return "-";
        }
        double r = v.getAsDouble();
        return String.format(Locale.ROOT, r >= 1 ? "%.2fx" : "%.3gx", r);
    }

    /** Six significant digits without an exponent, for the CSV file. */
    public static String plain(double v) {
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
