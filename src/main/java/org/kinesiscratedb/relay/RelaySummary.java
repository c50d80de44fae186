package org.kinesiscratedb.relay;

import java.time.Duration;
import java.util.Locale;

/**
 * What a relay did: the one-line summary that {@code load} prints at the end.
 *
 * @param records      records read from Kinesis
 * @param rowsWritten  rows written to the target table
 * @param deadLettered records written to the dead-letter table instead
 * @param filtered     records a transformation filtered out on purpose
 * @param elapsed      time from start to the end of the last write
 */
public record RelaySummary(long records, long rowsWritten, long deadLettered, long filtered, Duration elapsed) {

    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : records / seconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d records read, %d rows written, %d dead-lettered%s in %.1f s (%.0f records/s)",
                records, rowsWritten, deadLettered, filtered == 0 ? "" : ", " + filtered + " filtered",
                elapsed.toNanos() / 1e9, recordsPerSecond());
    }
}
