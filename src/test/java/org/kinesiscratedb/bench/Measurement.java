package org.kinesiscratedb.bench;

import java.util.Map;

/**
 * What one measurement reported: records handled, seconds, and the figures of its JVM ({@link ResourceMonitor}).
 *
 * @param label   how the report names it
 * @param records records (or rows) handled
 * @param seconds the measured time
 * @param figures everything the measurement's JVM reported (heap, RSS, GC, phase details)
 */
record Measurement(String label, long records, double seconds, Map<String, Object> figures) {

    static Measurement of(String label, Map<String, Object> figures) {
        return new Measurement(label, ((Number) figures.get("records")).longValue(),
                ((Number) figures.get("seconds")).doubleValue(), figures);
    }

    double rate() {
        return seconds <= 0 ? 0 : records / seconds;
    }

    double heapPeakMb() {
        return number("heapPeakMb");
    }

    double heapAfterGcPeakMb() {
        return number("heapAfterGcPeakMb");
    }

    double rssPeakMb() {
        return number("rssPeakMb");
    }

    double number(String key) {
        Object value = figures.get(key);
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
