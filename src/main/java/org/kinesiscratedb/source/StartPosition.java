package org.kinesiscratedb.source;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kinesiscratedb.SettingsException;

/**
 * Where reading a shard begins when no checkpoint says otherwise: one of the Kinesis shard iterator types,
 * with its timestamp or sequence number. Immutable; create it with the factory methods.
 */
public final class StartPosition {

    // Kinesis sequence numbers are decimal strings of up to 129 digits.
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("[0-9]{1,129}");

    private static final StartPosition TRIM_HORIZON = new StartPosition("TRIM_HORIZON", null, null);
    private static final StartPosition LATEST = new StartPosition("LATEST", null, null);

    private final String iteratorType;
    private final Instant timestamp;
    private final String sequenceNumber;

    private StartPosition(String iteratorType, Instant timestamp, String sequenceNumber) {
        this.iteratorType = iteratorType;
        this.timestamp = timestamp;
        this.sequenceNumber = sequenceNumber;
    }

    /** The oldest record still kept in the shard. */
    public static StartPosition trimHorizon() {
        return TRIM_HORIZON;
    }

    /** Only records that arrive after the iterator was created. */
    public static StartPosition latest() {
        return LATEST;
    }

    /** The first record that arrived at or after {@code timestamp}. */
    public static StartPosition atTimestamp(Instant timestamp) {
        return new StartPosition("AT_TIMESTAMP", Objects.requireNonNull(timestamp, "timestamp"), null);
    }

    /**
     * The record with sequence number {@code seq}.
     *
     * @throws SettingsException if {@code seq} is not a decimal sequence number
     */
    public static StartPosition atSequence(String seq) {
        return new StartPosition("AT_SEQUENCE_NUMBER", null, validSequenceNumber(seq));
    }

    /**
     * The record after the one with sequence number {@code seq}.
     *
     * @throws SettingsException if {@code seq} is not a decimal sequence number
     */
    public static StartPosition afterSequence(String seq) {
        return new StartPosition("AFTER_SEQUENCE_NUMBER", null, validSequenceNumber(seq));
    }

    private static String validSequenceNumber(String seq) {
        if (seq == null || seq.isEmpty()) {
            throw new SettingsException("seqno: missing; give the decimal sequence number of a Kinesis record");
        }
        if (!SEQUENCE_NUMBER.matcher(seq).matches()) {
            throw new SettingsException("seqno: '" + seq + "' is not a Kinesis sequence number; "
                    + "it must be a decimal number of 1 to 129 digits");
        }
        return seq;
    }

    /**
     * The Kinesis {@code ShardIteratorType} name: {@code TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP},
     * {@code AT_SEQUENCE_NUMBER} or {@code AFTER_SEQUENCE_NUMBER}.
     */
    public String iteratorType() {
        return iteratorType;
    }

    /** The timestamp of an {@code AT_TIMESTAMP} position; empty for the others. */
    public Optional<Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    /** The sequence number of an {@code AT_}/{@code AFTER_SEQUENCE_NUMBER} position; empty for the others. */
    public Optional<String> sequenceNumber() {
        return Optional.ofNullable(sequenceNumber);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StartPosition that
                && iteratorType.equals(that.iteratorType)
                && Objects.equals(timestamp, that.timestamp)
                && Objects.equals(sequenceNumber, that.sequenceNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iteratorType, timestamp, sequenceNumber);
    }

    /** For example {@code TRIM_HORIZON}, {@code AT_TIMESTAMP(2024-01-01T00:00:00Z)}. */
    @Override
    public String toString() {
        if (timestamp != null) {
            return iteratorType + "(" + timestamp + ")";
        }
        if (sequenceNumber != null) {
            return iteratorType + "(" + sequenceNumber + ")";
        }
        return iteratorType;
    }
}
