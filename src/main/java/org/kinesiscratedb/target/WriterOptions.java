package org.kinesiscratedb.target;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link TableWriter} waits while the database cannot take a write, and which columns it creates with a given
 * type instead of the inferred one.
 *
 * @param initialBackoff the first pause after a failure; doubled after every further failure
 * @param maxBackoff     the longest pause
 * @param columnTypes    type hints by top-level column name, one of {@link #COLUMN_TYPES}; they only decide the type
 *                       of a column the writer creates (an existing column keeps its type), and values are checked
 *                       against the hinted type like against any column. Empty: every type is inferred
 */
public record WriterOptions(Duration initialBackoff, Duration maxBackoff, Map<String, String> columnTypes) {

    /**
     * The hint types, database-neutral: {@code TIMESTAMP} (with time zone; ISO-8601 text or epoch milliseconds fit),
     * {@code TEXT}, {@code BIGINT}, {@code DOUBLE} (precision), {@code BOOLEAN}, {@code OBJECT} (CrateDB
     * {@code OBJECT(DYNAMIC)}, PostgreSQL {@code JSONB}).
     */
    public static final List<String> COLUMN_TYPES =
            List.of("TIMESTAMP", "TEXT", "BIGINT", "DOUBLE", "BOOLEAN", "OBJECT");

    public WriterOptions {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(columnTypes, "columnTypes");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        for (Map.Entry<String, String> hint : columnTypes.entrySet()) {
            if (hint.getKey() == null || hint.getKey().isEmpty() || !COLUMN_TYPES.contains(hint.getValue())) {
                throw new IllegalArgumentException("column type hint " + hint.getKey() + " = " + hint.getValue()
                        + ": need a column name and one of " + COLUMN_TYPES);
            }
        }
        // Unmodifiable but ordered, so that log lines and toString() show the hints as given.
        columnTypes = Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
    }

    /** Backoff only; every column type is inferred. */
    public WriterOptions(Duration initialBackoff, Duration maxBackoff) {
        this(initialBackoff, maxBackoff, Map.of());
    }

    /** 100 ms, doubling up to 10 s; no type hints. */
    public static WriterOptions defaults() {
        return new WriterOptions(Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** These options with the given column type hints (replacing any before). */
    public WriterOptions withColumnTypes(Map<String, String> hints) {
        return new WriterOptions(initialBackoff, maxBackoff, hints);
    }
}
