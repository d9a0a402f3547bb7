package org.edxo.ai.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one table the benchmark prints: rows of (figure, value), aligned. */
final class ResultTable {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();

    ResultTable(String title) {
        this.title = title;
    }

    ResultTable row(String figure, String value) {
        rows.add(new String[] {figure, value});
        return this;
    }

    /** p50 / p95 / p99 of a sample in microseconds, shown in milliseconds with one decimal. */
    static String millis(Percentiles micros, double... percentiles) {
        List<String> parts = new ArrayList<>();
        for (double p : percentiles) {
            parts.add(String.format(Locale.ROOT, "%.1f", micros.at(p) / 1000.0));
        }
        return String.join(" / ", parts) + " ms";
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    String render() {
        int width = "figure".length();
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(String.format(Locale.ROOT, "| %-" + width + "s | %s |%n", "figure", "value"));
        out.append("|").append("-".repeat(width + 2)).append("|-------|\n");
        for (String[] row : rows) {
            out.append(String.format(Locale.ROOT, "| %-" + width + "s | %s |%n", row[0], row[1]));
        }
        return out.toString();
    }
}
