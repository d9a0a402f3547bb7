package org.edxo.ai.benchmarks;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample (sorted once). */
record Percentiles(long[] sorted) {

    static Percentiles of(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    int count() {
        return sorted.length;
    }

    /** The smallest value with at least {@code p} percent of the sample at or below it; 0 when empty. */
    long at(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    double mean() {
        return sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
    }
}
