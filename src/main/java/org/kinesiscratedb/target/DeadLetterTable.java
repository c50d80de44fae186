package org.kinesiscratedb.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.RecordDecoder;

/**
 * The dead-letter table {@code <table>_errors}: one row per record that could not be loaded, keyed by the id its
 * row would have had (a replay updates it instead of adding one), with the raw payload and the reason.
 *
 * <p>The payload is stored as text when it is valid UTF-8 without NUL characters (which PostgreSQL text cannot
 * hold), else as base64; {@code payload_encoding} says which.
 */
public final class DeadLetterTable {

    static final String SHARD_ID = "shard_id";
    static final String SEQ_NO = "seq_no";
    static final String PARTITION = "partition";
    static final String STREAM_NAME = "stream_name";
    static final String ARRIVAL = "arrival";
    static final String FAILED_AT = "failed_at";
    static final String PAYLOAD = "payload";
    static final String PAYLOAD_ENCODING = "payload_encoding";
    static final String ERROR = "error";

    /** {@code payload_encoding} of a payload stored as text. */
    static final String UTF_8 = "utf-8";
    /** {@code payload_encoding} of a payload stored as base64. */
    static final String BASE64 = "base64";

    /** Reasons are cut to this many characters. */
    static final int MAX_ERROR_LENGTH = 8_000;

    /** The columns in table order, with their types (the dialect decides how payload and error are stored). */
    static final Map<String, ColumnType> COLUMNS;

    static {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        columns.put(RowLayout.MESSAGE_ID, ColumnType.TEXT);
        columns.put(SHARD_ID, ColumnType.TEXT);
        columns.put(SEQ_NO, ColumnType.TEXT);
        columns.put(PARTITION, ColumnType.TEXT);
        columns.put(STREAM_NAME, ColumnType.TEXT);
        columns.put(ARRIVAL, ColumnType.TIMESTAMP);
        columns.put(FAILED_AT, ColumnType.TIMESTAMP);
        columns.put(PAYLOAD, ColumnType.TEXT);
        columns.put(PAYLOAD_ENCODING, ColumnType.TEXT);
        columns.put(ERROR, ColumnType.TEXT);
        COLUMNS = Collections.unmodifiableMap(columns);
    }

    private final Dialect dialect;
    private final String table;
    private final String upsertSql;

    public DeadLetterTable(Dialect dialect, String schema, String table) {
        this.dialect = dialect;
        this.table = table;
        this.upsertSql = dialect.upsertSql(schema, table, COLUMNS);
    }

    public String table() {
        return table;
    }

    /**
     * Writes dead letters in one batch, telling {@code stored} about each one as it is stored.
     *
     * @throws SQLException if a dead letter could not be stored (never skipped: the caller retries)
     */
    public void write(Connection connection, List<Rejected> letters, Consumer<Rejected> stored) throws SQLException {
        OffsetDateTime failedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        List<String> failures = new ArrayList<>();
        BatchExecutor.execute(connection, dialect, upsertSql, letters, (statement, letter) ->
                bind(statement, letter, failedAt), new BatchExecutor.Outcome<>() {
                    @Override
                    public void written(Rejected letter) {
                        stored.accept(letter);
                    }

                    @Override
                    public void failed(Rejected letter, String reason) {
                        failures.add(letter.source() + ": " + reason);
                    }
                });
        if (!failures.isEmpty()) {
            // A systemic SQLState: the caller retries instead of losing the record.
            throw new SQLException("could not store " + failures.size() + " dead letter(s) in " + table + ", first "
                    + failures.get(0), "58000");
        }
    }

    private void bind(PreparedStatement statement, Rejected letter, OffsetDateTime failedAt) throws SQLException {
        KinesisRecord source = letter.source();
        String text = RecordDecoder.utf8(source.data());
        boolean asText = text != null && text.indexOf('\u0000') < 0;
        int i = 1;
        statement.setString(i++, RowLayout.messageId(source));
        statement.setString(i++, source.shardId());
        statement.setString(i++, source.sequenceNumber());
        statement.setString(i++, source.partitionKey());
        statement.setString(i++, source.streamName());
        if (source.arrivalTime() == null) {
            statement.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(i++, source.arrivalTime().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
        }
        statement.setObject(i++, failedAt);
        statement.setString(i++, asText ? text : Base64.getEncoder().encodeToString(source.data()));
        statement.setString(i++, asText ? UTF_8 : BASE64);
        statement.setString(i, errorText(letter.reason()));
    }

    /** The reason as stored: without NUL characters, at most {@link #MAX_ERROR_LENGTH} characters. */
    static String errorText(String reason) {
        String clean = reason.replace('\u0000', '?');
        return clean.length() <= MAX_ERROR_LENGTH ? clean : clean.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
