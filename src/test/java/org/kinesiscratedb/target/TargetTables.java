package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.testing.TestDatabase;
import org.postgresql.util.PGobject;

/** Database-neutral reads for the writer's integration tests (CrateDB needs a REFRESH before searches). */
final class TargetTables {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SHARD = "shardId-000000000000";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final TestDatabase db;

    TargetTables(TestDatabase db) {
        this.db = db;
    }

    static KinesisRecord record(String payload) {
        return record(payload.getBytes(StandardCharsets.UTF_8));
    }

    static KinesisRecord record(byte[] payload) {
        // Real sequence numbers are big decimals; these have the same shape.
        return new KinesisRecord("demo", SHARD, "4959033827149025660855969253836157109592157598913"
                + String.format("%08d", SEQUENCE.incrementAndGet()), "pk-1",
                Instant.parse("2025-06-01T10:00:00.123Z"), payload);
    }

    static Row row(String json) {
        try {
            KinesisRecord record = record(json);
            return new Row(record, (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** Rows of a query, after refreshing the tables it reads; values are JDBC objects. */
    List<Map<String, Object>> query(String sql, String... tables) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                if (db.dialect().refreshTableSql(db.schema(), table).isPresent()) {
                    statement.execute(db.dialect().refreshTableSql(db.schema(), table).get());
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(meta.getColumnLabel(i), value instanceof Array array ? array.getArray() : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** All rows of a table of the test schema, ordered by the given column. */
    List<Map<String, Object>> rows(String table, String orderBy) throws SQLException {
        return query("SELECT * FROM " + db.dialect().qualified(db.schema(), table) + " ORDER BY "
                + db.dialect().quote(orderBy), table);
    }

    /** The error texts of a dead-letter table, sorted in Java (database collations differ). */
    List<String> errors(String table) throws SQLException {
        return rows(table, "kinesis_msg_id").stream().map(r -> (String) r.get("error")).sorted().toList();
    }

    /** The rows of a table by their kinesis_msg_id. */
    Map<String, Map<String, Object>> byId(String table) throws SQLException {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : rows(table, "kinesis_msg_id")) {
            rows.put((String) row.get("kinesis_msg_id"), row);
        }
        return rows;
    }

    long count(String table) throws SQLException {
        return ((Number) query("SELECT count(*) AS n FROM " + db.dialect().qualified(db.schema(), table), table)
                .get(0).get("n")).longValue();
    }

    /** Column name → information_schema data_type. */
    Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection connection = db.connect();
             var statement = connection.prepareStatement("SELECT column_name, data_type FROM "
                     + "information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, db.schema());
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A JSON object, array or document column's value as JSON, whatever the driver returned. */
    static JsonNode json(Object value) throws Exception {
        if (value instanceof PGobject object) {
            return MAPPER.readTree(object.getValue());
        }
        if (value instanceof Object[] array) {
            List<Object> elements = new ArrayList<>();
            for (Object element : array) {
                elements.add(element instanceof PGobject object ? MAPPER.readTree(object.getValue()) : element);
            }
            return MAPPER.valueToTree(elements);
        }
        if (value instanceof String text) {
            return MAPPER.readTree(text);
        }
        return MAPPER.valueToTree(value);
    }
}
