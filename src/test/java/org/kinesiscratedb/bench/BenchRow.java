package org.kinesiscratedb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.RowLayout;

/**
 * One row of the benchmark tables as the raw ingest and the naive route write it, with the statement they write it
 * with: the same columns, the same key and the same upsert ({@code ON CONFLICT ("kinesis_msg_id") DO UPDATE}) that
 * {@code load} writes for a record of {@link TutorialRecords}.
 */
record BenchRow(String messageId, String kinesisJson, long sensorId, String ts, double temperature, double humidity,
                String metaJson) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The payload columns of {@link TutorialRecords}, in statement order after the key and {@code kinesis}. */
    static final String[] PAYLOAD_COLUMNS = {"sensor_id", "ts", "temperature", "humidity", "meta"};

    /** Record {@code n} as {@code load} would store it had it been read from the given shard position. */
    static BenchRow generated(long n, String stream, String shardId, String sequenceNumber, Instant arrival) {
        return new BenchRow(RowLayout.messageId(shardId, sequenceNumber),
                kinesisJson(stream, shardId, sequenceNumber, TutorialRecords.partitionKey(n), arrival),
                TutorialRecords.sensor(n), TutorialRecords.ts(n), TutorialRecords.temperature(n),
                TutorialRecords.humidity(n), TutorialRecords.metaJson(n));
    }

    /** A record read from Kinesis, parsed from its JSON payload (what a hand-written route does per record). */
    static BenchRow parsed(byte[] payload, String stream, String shardId, String sequenceNumber, String partitionKey,
                           Instant arrival) throws IOException {
        JsonNode json = MAPPER.readTree(payload);
        return new BenchRow(RowLayout.messageId(shardId, sequenceNumber),
                kinesisJson(stream, shardId, sequenceNumber, partitionKey, arrival),
                json.get("sensor_id").longValue(), json.get("ts").textValue(), json.get("temperature").doubleValue(),
                json.get("humidity").doubleValue(), json.get("meta").toString());
    }

    /** The {@code kinesis} column's object, as the relay writes it ({@code ts}: ISO-8601 UTC, milliseconds). */
    static String kinesisJson(String stream, String shardId, String sequenceNumber, String partitionKey,
                              Instant arrival) {
        return "{\"shard_id\":\"" + shardId + "\",\"seq_no\":\"" + sequenceNumber + "\",\"ts\":\""
                + DateTimeFormatter.ISO_INSTANT.format(arrival.truncatedTo(ChronoUnit.MILLIS))
                + "\",\"partition\":\"" + partitionKey + "\",\"stream_name\":\"" + stream + "\"}";
    }

    /** The upsert of one row; objects are bound as JSON text and cast, as the relay does. */
    static String upsertSql(Dialect dialect, String schema, String table) {
        String object = "cratedb".equals(dialect.name()) ? "?::object" : "?::jsonb";
        StringBuilder columns = new StringBuilder(dialect.quote(RowLayout.MESSAGE_ID) + ", "
                + dialect.quote(RowLayout.KINESIS));
        StringBuilder updates = new StringBuilder(dialect.quote(RowLayout.KINESIS) + " = excluded."
                + dialect.quote(RowLayout.KINESIS));
        for (String column : PAYLOAD_COLUMNS) {
            columns.append(", ").append(dialect.quote(column));
            updates.append(", ").append(dialect.quote(column)).append(" = excluded.").append(dialect.quote(column));
        }
        return "INSERT INTO " + dialect.qualified(schema, table) + " (" + columns + ") VALUES (?, " + object
                + ", ?, ?, ?, ?, " + object + ") ON CONFLICT (" + dialect.quote(RowLayout.MESSAGE_ID)
                + ") DO UPDATE SET " + updates;
    }

    /** Binds this row to {@link #upsertSql}. */
    void bind(PreparedStatement statement) throws SQLException {
        statement.setString(1, messageId);
        statement.setString(2, kinesisJson);
        statement.setLong(3, sensorId);
        statement.setString(4, ts);
        statement.setDouble(5, temperature);
        statement.setDouble(6, humidity);
        statement.setString(7, metaJson);
    }
}
