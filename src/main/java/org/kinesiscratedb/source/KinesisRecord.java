package org.kinesiscratedb.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One record as read from a Kinesis shard, before decoding.
 *
 * @param streamName     the stream the record came from (name, not ARN)
 * @param shardId        the shard, e.g. {@code shardId-000000000001}
 * @param sequenceNumber the decimal sequence number (up to 129 digits; compare as big integers)
 * @param partitionKey   the producer's partition key
 * @param arrivalTime    approximate arrival time at Kinesis (UTC); may be null on some emulators
 * @param data           the raw payload bytes
 */
public record KinesisRecord(
        String streamName, String shardId, String sequenceNumber, String partitionKey, Instant arrivalTime, byte[] data) {

    public KinesisRecord {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "KinesisRecord[" + shardId + "/" + sequenceNumber + ", " + data.length + " bytes]";
    }
}
