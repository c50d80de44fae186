package org.kinesiscratedb.bench;

import java.util.Arrays;

/**
 * Percentiles of arrival-to-row times, in milliseconds (nearest rank: p99 is a time that 99 % of the records did not
 * exceed).
 *
 * @param count how many records were timed
 * @param p50   median
 * @param p99   99th percentile
 * @param max   the slowest
 */
record Latencies(int count, double p50, double p99, double max) {

    static final Latencies NONE = new Latencies(0, Double.NaN, Double.NaN, Double.NaN);

    static Latencies of(double[] millis) {
        if (millis.length == 0) {
            return NONE;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
