package org.kinesiscratedb.target;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TableWriter} waits while the database cannot take a write.
 *
 * @param initialBackoff the first pause after a failure; doubled after every further failure
 * @param maxBackoff     the longest pause
 */
public record WriterOptions(Duration initialBackoff, Duration maxBackoff) {

    public WriterOptions {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
    }

    /** 100 ms, doubling up to 10 s. */
    public static WriterOptions defaults() {
        return new WriterOptions(Duration.ofMillis(100), Duration.ofSeconds(10));
    }
}
