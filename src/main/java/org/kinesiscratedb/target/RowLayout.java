package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * The columns every target table has besides the payload's keys: {@code kinesis_msg_id} (the primary key) and the
 * {@code kinesis} object with the record's metadata.
 */
public final class RowLayout {

    /** The primary key column: {@link #messageId(String, String)}. */
    public static final String MESSAGE_ID = "kinesis_msg_id";

    /** The metadata object column. */
    public static final String KINESIS = "kinesis";

    public static final String KINESIS_SHARD_ID = "shard_id";
    public static final String KINESIS_SEQ_NO = "seq_no";
    /** Approximate arrival time at Kinesis, UTC. */
    public static final String KINESIS_TS = "ts";
    /** The partition key. */
    public static final String KINESIS_PARTITION = "partition";
    public static final String KINESIS_STREAM_NAME = "stream_name";

    /** The keys of the {@code kinesis} object, in table order. */
    public static final List<String> KINESIS_KEYS =
            List.of(KINESIS_SHARD_ID, KINESIS_SEQ_NO, KINESIS_TS, KINESIS_PARTITION, KINESIS_STREAM_NAME);

    /** The dead-letter table of table {@code t} is {@code t_errors}. */
    public static final String DEAD_LETTER_SUFFIX = "_errors";

    private RowLayout() {
    }

    /**
     * The id of a record's row: the first 32 hex digits (128 bits) of the SHA-256 of {@code shardId + "/" +
     * sequenceNumber} in UTF-8. Deterministic, so a replayed record updates its row instead of adding one.
     */
    public static String messageId(String shardId, String sequenceNumber) {
        byte[] digest = SHA_256.get().digest((shardId + "/" + sequenceNumber).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    // One digest per thread: looking one up for every record showed in profiles.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    /** The id of a record's row; see {@link #messageId(String, String)}. */
    public static String messageId(KinesisRecord record) {
        return messageId(record.shardId(), record.sequenceNumber());
    }

    /** The dead-letter table's name for a table. */
    public static String deadLetterTable(String table) {
        return table + DEAD_LETTER_SUFFIX;
    }

    /** The value of the {@code kinesis} column for a record; {@code ts} is ISO-8601 UTC with milliseconds. */
    static ObjectNode kinesisObject(KinesisRecord record) {
        ObjectNode kinesis = JsonNodeFactory.instance.objectNode();
        kinesis.put(KINESIS_SHARD_ID, record.shardId());
        kinesis.put(KINESIS_SEQ_NO, record.sequenceNumber());
        kinesis.put(KINESIS_TS, record.arrivalTime() == null ? null : isoMillis(record.arrivalTime()));
        kinesis.put(KINESIS_PARTITION, record.partitionKey());
        kinesis.put(KINESIS_STREAM_NAME, record.streamName());
        return kinesis;
    }

    /**
     * {@code DateTimeFormatter.ISO_INSTANT} of the instant truncated to milliseconds ({@code 2026-11-26T13:48:23.120Z},
     * or no fraction at a whole second). The formatter showed in the benchmark's profile; the records of a batch
     * mostly share their second, so each thread keeps the text of the last second it formatted.
     */
    static String isoMillis(Instant instant) {
        long second = instant.getEpochSecond();
        int millis = instant.getNano() / 1_000_000;
        SecondText cached = LAST_SECOND.get();
        if (cached.text == null || cached.second != second) {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second));
            cached.second = second;
            cached.text = whole.substring(0, whole.length() - 1); // without the Z
        }
        if (millis == 0) {
            return cached.text + "Z";
        }
        char[] fraction = {'.', digit(millis / 100), digit(millis / 10 % 10), digit(millis % 10), 'Z'};
        return cached.text.concat(new String(fraction));
    }

    private static char digit(int value) {
        return (char) ('0' + value);
    }

    /** The last whole second a thread formatted, and its ISO text without the zone. */
    private static final class SecondText {
        long second;
        String text;
    }

    private static final ThreadLocal<SecondText> LAST_SECOND = ThreadLocal.withInitial(SecondText::new);
}
