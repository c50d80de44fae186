package org.kinesiscratedb.bench;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's records: the tutorial's shape ({@code sensor_id}, {@code ts}, {@code temperature},
 * {@code humidity}) plus a small object column {@code meta}, deterministic by record index.
 *
 * <p>{@code meta.n} is the record's index, so a run can prove that every record became a row. Temperatures and
 * humidities always have a non-zero fraction: the first value of a key decides its column's type, and a
 * {@code 42.0} must never make {@code temperature} a BIGINT column.
 */
final class TutorialRecords {

    /** Distinct sensors, and so distinct partition keys: enough to spread over any shard count. */
    static final int SENSORS = 1_000;

    private TutorialRecords() {
    }

    /** The JSON payload of record {@code n}. */
    static String json(long n) {
        int sensor = sensor(n);
        return "{\"sensor_id\":" + sensor
                + ",\"ts\":\"2025-06-01 10:" + twoDigits(n % 60) + "\""
                + ",\"temperature\":" + temperature(n)
                + ",\"humidity\":" + humidity(n)
                + ",\"meta\":" + metaJson(n) + "}";
    }

    static byte[] payload(long n) {
        return json(n).getBytes(StandardCharsets.UTF_8);
    }

    static int sensor(long n) {
        return (int) (n % SENSORS);
    }

    static String partitionKey(long n) {
        return "sensor-" + sensor(n);
    }

    static String ts(long n) {
        return "2025-06-01 10:" + twoDigits(n % 60);
    }

    /** 15.01 to 34.98: always a fraction, so always a DOUBLE PRECISION column. */
    static double temperature(long n) {
        return Double.parseDouble((15 + n % 20) + "." + twoDigits(1 + n % 98));
    }

    static double humidity(long n) {
        return Double.parseDouble((40 + n % 50) + "." + twoDigits(1 + (n / 7) % 98));
    }

    /** The small object column: the record index, a site and a firmware version. */
    static String metaJson(long n) {
        return "{\"n\":" + n + ",\"site\":\"site-" + (n % 50) + "\",\"firmware\":\"1.4." + (n % 7) + "\"}";
    }

    private static String twoDigits(long value) {
        return value < 10 ? "0" + value : String.valueOf(value);
    }
}
