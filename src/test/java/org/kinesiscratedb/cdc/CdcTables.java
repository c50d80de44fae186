package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kinesiscratedb.testing.TestDatabase;
import org.postgresql.util.PGobject;

/**
 * Reads a change-data-capture table back as JSON rows that compare equal on CrateDB and PostgreSQL: numbers by
 * value, timestamps as UTC instants with milliseconds (a date as {@code YYYY-MM-DD}), documents parsed.
 */
final class CdcTables {

    /** Columns of the scenario that hold timestamps or dates. */
    static final Set<String> TIMESTAMPS = Set.of("seen", "born");

    private static final ObjectMapper JSON = new ObjectMapper().enable(
            com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private CdcTables() {
    }

    /** The rows of a direct-layout table, one object per row, sorted by their text. */
    static List<JsonNode> direct(TestDatabase db, String schema, String table) throws SQLException {
        List<JsonNode> rows = new ArrayList<>();
        query(db, schema, table, "SELECT * FROM " + db.dialect().qualified(schema, table), rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.set(meta.getColumnLabel(i), value(rs.getObject(i)));
            }
            rows.add(canonical(row));
        });
        rows.sort(Comparator.comparing(JsonNode::toString));
        return rows;
    }

    /** The rows of a universal-layout table with {@code pk} and {@code data} merged into one object. */
    static List<JsonNode> universal(TestDatabase db, String schema, String table) throws SQLException {
        List<JsonNode> rows = new ArrayList<>();
        String sql = "SELECT " + db.dialect().quote("pk") + ", " + db.dialect().quote("data") + " FROM "
                + db.dialect().qualified(schema, table);
        query(db, schema, table, sql, rs -> {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.setAll((ObjectNode) value(rs.getObject(1)));
            row.setAll((ObjectNode) value(rs.getObject(2)));
            rows.add(canonical(row));
        });
        rows.sort(Comparator.comparing(JsonNode::toString));
        return rows;
    }

    /** The raw {@code pk}, {@code data} and {@code aux} documents of a universal table, sorted by pk. */
    static List<ObjectNode> documents(TestDatabase db, String schema, String table) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        String sql = "SELECT " + db.dialect().quote("pk") + ", " + db.dialect().quote("data") + ", "
                + db.dialect().quote("aux") + " FROM " + db.dialect().qualified(schema, table);
        query(db, schema, table, sql, rs -> {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.set("pk", canonical(value(rs.getObject(1))));
            row.set("data", canonical(value(rs.getObject(2))));
            row.set("aux", canonical(value(rs.getObject(3))));
            rows.add(row);
        });
        rows.sort(Comparator.comparing(row -> row.get("pk").toString()));
        return rows;
    }

    /** Expected rows, written as JSON text, in the same canonical form. */
    static List<JsonNode> rows(String... json) {
        List<JsonNode> rows = new ArrayList<>();
        for (String text : json) {
            rows.add(canonical(parse(text)));
        }
        rows.sort(Comparator.comparing(JsonNode::toString));
        return rows;
    }

    static boolean exists(TestDatabase db, String schema, String table) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE "
                     + "table_schema = '" + schema + "' AND table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    static long count(TestDatabase db, String schema, String table) throws SQLException {
        long[] count = {0};
        query(db, schema, table, "SELECT count(*) FROM " + db.dialect().qualified(schema, table),
                rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    /** Column name → data_type as information_schema reports it. */
    static Map<String, String> columnTypes(TestDatabase db, String schema, String table) throws SQLException {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT column_name, data_type FROM information_schema.columns"
                     + " WHERE table_schema = '" + schema + "' AND table_name = '" + table + "'")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        return types;
    }

    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(TestDatabase db, String schema, String table, String sql, RowReader reader)
            throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            Optional<String> refresh = db.dialect().refreshTableSql(schema, table);
            if (refresh.isPresent()) {
                statement.execute(refresh.get());
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private static JsonNode value(Object value) throws SQLException {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value instanceof PGobject object) {
            return object.getValue() == null ? JsonNodeFactory.instance.nullNode() : parse(object.getValue());
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return instant(timestamp.toInstant());
        }
        if (value instanceof java.sql.Date date) {
            return TextNode.valueOf(date.toLocalDate().toString());
        }
        if (value instanceof Float f) {
            return DecimalNode.valueOf(new BigDecimal(Float.toString(f)));
        }
        if (value instanceof Number number) {
            return DecimalNode.valueOf(new BigDecimal(number.toString()));
        }
        if (value instanceof java.sql.Array array) {
            return JSON.valueToTree(array.getArray());
        }
        if (value instanceof Map<?, ?> map) {
            return JSON.valueToTree(map);
        }
        return JSON.valueToTree(value);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Numbers by value; timestamp fields as instants (epoch milliseconds and text alike). */
    static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue().stripTrailingZeros();
            return DecimalNode.valueOf(number.scale() < 0 ? number.setScale(0) : number);
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        if (node.isObject()) {
            // Keys sorted: the text of equal rows is equal too, so rows sort the same on both databases.
            Map<String, JsonNode> sorted = new java.util.TreeMap<>();
            node.fields().forEachRemaining(field -> sorted.put(field.getKey(), field.getValue()));
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                JsonNode value = field.getValue();
                if (TIMESTAMPS.contains(field.getKey())) {
                    value = timestamp(value);
                }
                object.set(field.getKey(), canonical(value));
            }
            return object;
        }
        return node;
    }

    private static JsonNode timestamp(JsonNode value) {
        if (value.isNumber()) {
            return instant(Instant.ofEpochMilli(value.longValue()));
        }
        if (value.isTextual()) {
            return Values.parseTimestamp(value.textValue()).map(t -> instant(t.toInstant()))
                    .orElse((TextNode) value);
        }
        return value;
    }

    private static TextNode instant(Instant instant) {
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        if (millis.equals(instant.truncatedTo(ChronoUnit.DAYS))) {
            return TextNode.valueOf(millis.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        }
        return TextNode.valueOf(millis.toString());
    }
}
