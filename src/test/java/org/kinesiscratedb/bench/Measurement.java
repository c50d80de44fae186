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

    /**
     * CPU time per record of the whole pipeline that this measurement ran: its JVM (start-up and JIT included),
     * kinesalite and PostgreSQL, in microseconds. Unlike the rate, it hardly depends on what else the machine does.
     */
    double cpuMicrosPerRecord() {
        return (number("cpuSeconds") + number("emulatorCpuSeconds") + number("postgresCpuSeconds")) / records * 1e6;
    }

    double number(String key) {
        Object value = figures.get(key);
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
