package org.kinesiscratedb.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** PostgreSQL's SQL: what CI runs against, and a supported target in its own right. */
public final class PostgresDialect implements Dialect {

    /** PostgreSQL's system columns: a user column of that name cannot be created. */
    public static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

    /** NAMEDATALEN - 1: longer identifiers are silently truncated. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** PostgreSQL's limit of columns per table. */
    public static final int MAX_COLUMNS = 1_600;

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Optional<String> createSchemaSql(String schema) {
        return Optional.of("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
    }

    @Override
    public Optional<String> refreshTableSql(String schema, String table) {
        return Optional.empty();
    }

    @Override
    public String createTableSql(String schema, String table) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " ("
                + quote(RowLayout.MESSAGE_ID) + " TEXT PRIMARY KEY, "
                + quote(RowLayout.KINESIS) + " JSONB)";
    }

    @Override
    public String createDeadLetterTableSql(String schema, String table) {
        StringJoiner columns = new StringJoiner(", ");
        for (var column : DeadLetterTable.COLUMNS.entrySet()) {
            String key = column.getKey().equals(RowLayout.MESSAGE_ID) ? " PRIMARY KEY" : "";
            columns.add(quote(column.getKey()) + " " + typeSql(column.getValue()) + key);
        }
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " (" + columns + ")";
    }

    @Override
    public String typeSql(ColumnType type) {
        return switch (type.kind()) {
            case BIGINT -> "BIGINT";
            case INTEGER -> "INTEGER";
            case SMALLINT -> "SMALLINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case REAL -> "REAL";
            case BOOLEAN -> "BOOLEAN";
            case TEXT -> "TEXT";
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
            case TIMESTAMP_LOCAL -> "TIMESTAMP WITHOUT TIME ZONE";
            case JSON -> type.sqlName().toUpperCase(Locale.ROOT);
            case ARRAY -> typeSql(type.element()) + "[]";
            default -> throw new IllegalArgumentException("we never create a column of type " + type.describe());
        };
    }

    @Override
    public String addColumnSql(String schema, String table, ColumnPath path, ColumnType type) {
        if (!path.isTopLevel()) {
            throw new IllegalArgumentException("PostgreSQL has no sub-columns: " + path);
        }
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN IF NOT EXISTS " + quote(path.top()) + " "
                + typeSql(type);
    }

    @Override
    public boolean isColumnExistsError(SQLException error) {
        return "42701".equals(SqlErrors.sqlState(error));
    }

    @Override
    public String listColumnsSql() {
        return "SELECT column_name, data_type, udt_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    }

    @Override
    public ColumnPath parseColumnName(String columnName) {
        return ColumnPath.of(columnName);
    }

    @Override
    public ColumnType parseColumnType(String dataType, String udtName) {
        String udt = udtName == null ? "" : udtName.toLowerCase(Locale.ROOT);
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "bigint" -> ColumnType.BIGINT;
            case "integer" -> ColumnType.INTEGER;
            case "smallint" -> ColumnType.SMALLINT;
            case "double precision" -> ColumnType.DOUBLE;
            case "real" -> ColumnType.REAL;
            case "boolean" -> ColumnType.BOOLEAN;
            case "text", "character varying", "character" -> ColumnType.TEXT;
            case "timestamp with time zone" -> ColumnType.TIMESTAMP;
            case "timestamp without time zone" -> ColumnType.TIMESTAMP_LOCAL;
            case "jsonb" -> ColumnType.JSONB;
            case "json" -> ColumnType.JSON;
            case "array" -> arrayType(udt);
            case "user-defined" -> ColumnType.other(udt);
            default -> ColumnType.other(dataType.toLowerCase(Locale.ROOT));
        };
    }

    private static ColumnType arrayType(String udt) {
        return switch (udt) {
            case "_int8" -> ColumnType.arrayOf(ColumnType.BIGINT);
            case "_int4" -> ColumnType.arrayOf(ColumnType.INTEGER);
            case "_int2" -> ColumnType.arrayOf(ColumnType.SMALLINT);
            case "_float8" -> ColumnType.arrayOf(ColumnType.DOUBLE);
            case "_float4" -> ColumnType.arrayOf(ColumnType.REAL);
            case "_bool" -> ColumnType.arrayOf(ColumnType.BOOLEAN);
            case "_text", "_varchar", "_bpchar" -> ColumnType.arrayOf(ColumnType.TEXT);
            default -> ColumnType.other(udt);
        };
    }

    @Override
    public String placeholder(ColumnType type) {
        return switch (type.kind()) {
            case JSON -> "?::" + type.sqlName();
            // Only plain type names are safe to cast to; others are left to PostgreSQL's assignment casts.
            case OTHER -> type.sqlName().matches("[a-z_][a-z0-9_ ]*") ? "CAST(? AS " + type.sqlName() + ")" : "?";
            default -> "?";
        };
    }

    @Override
    public String arrayElementTypeName(ColumnType element) {
        return switch (element.kind()) {
            case BIGINT -> "int8";
            case INTEGER -> "int4";
            case SMALLINT -> "int2";
            case DOUBLE -> "float8";
            case REAL -> "float4";
            case BOOLEAN -> "bool";
            case JSON -> element.sqlName();
            case OBJECT -> "jsonb";
            case TIMESTAMP -> "timestamptz";
            case TIMESTAMP_LOCAL -> "timestamp";
            default -> "text";
        };
    }

    @Override
    public boolean typedArrays() {
        return false;
    }

    @Override
    public boolean typedObjectKeys() {
        return false;
    }

    @Override
    public ColumnType documentType() {
        return ColumnType.JSONB;
    }

    @Override
    public int maxColumns() {
        return MAX_COLUMNS;
    }

    @Override
    public int maxIndexedTextBytes() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int maxIdentifierBytes() {
        return MAX_IDENTIFIER_BYTES;
    }

    @Override
    public int maxStatementLength() {
        return Integer.MAX_VALUE;
    }

    /** Ours and CrateDB's system columns, so a stream loads the same way into either database. */
    private static final Set<String> RESERVED_COLUMN_NAMES = reserved();

    private static Set<String> reserved() {
        Set<String> names = new HashSet<>(SYSTEM_COLUMNS);
        names.addAll(CrateDbDialect.SYSTEM_COLUMNS);
        return Set.copyOf(names);
    }

    /** Includes CrateDB's system columns, so a stream loads the same way into either database. */
    @Override
    public Set<String> reservedColumnNames() {
        return RESERVED_COLUMN_NAMES; // asked once per key of every row: built once
    }

    // ---- change data capture ----

    /** What a universal table's {@code pk} column comment starts with; a JSON array of the key names follows. */
    public static final String CDC_KEYS_COMMENT_PREFIX = "kinesis-cratedb primary key: ";

    private static final ObjectMapper CDC_JSON = new ObjectMapper();

    @Override
    public ColumnType cdcDateType() {
        return ColumnType.other("date");
    }

    /** JSONB throughout; {@code pk} is the primary key (JSONB equality ignores key order). */
    @Override
    public String cdcCreateUniversalTableSql(String schema, String table, Map<String, ColumnType> keys,
            Map<String, ColumnType> data) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " ("
                + quote("pk") + " JSONB" + (keys.isEmpty() ? "" : " PRIMARY KEY") + ", "
                + quote("data") + " JSONB, " + quote("aux") + " JSONB)";
    }

    /** A JSONB primary key has no sub-columns to list, so the key names go into the column's comment. */
    @Override
    public List<String> cdcRememberUniversalKeysSql(String schema, String table, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        String names;
        try {
            names = CDC_JSON.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        // COMMENT takes no bind parameters: a string literal, quotes doubled (standard_conforming_strings is on).
        String text = (CDC_KEYS_COMMENT_PREFIX + names).replace("'", "''");
        return List.of("COMMENT ON COLUMN " + qualified(schema, table) + "." + quote("pk") + " IS '" + text + "'");
    }

    @Override
    public Optional<String> cdcUniversalKeysQuerySql() {
        return Optional.of("SELECT col_description(c.oid, a.attnum) FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attname = 'pk'");
    }

    @Override
    public List<String> cdcParseUniversalKeys(String remembered) {
        if (remembered == null || !remembered.startsWith(CDC_KEYS_COMMENT_PREFIX)) {
            return List.of();
        }
        try {
            JsonNode names = CDC_JSON.readTree(remembered.substring(CDC_KEYS_COMMENT_PREFIX.length()));
            List<String> keys = new ArrayList<>();
            for (JsonNode name : names) {
                keys.add(name.asText());
            }
            return List.copyOf(keys);
        } catch (JsonProcessingException | RuntimeException notOurs) {
            return List.of();
        }
    }

    @Override
    public String cdcAddColumnSql(String schema, String table, ColumnPath path, ColumnType type) {
        if (!path.isTopLevel()) {
            throw new IllegalArgumentException("PostgreSQL has no sub-columns: " + path);
        }
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN IF NOT EXISTS " + quote(path.top()) + " "
                + cdcTypeSql(type);
    }

    /** Equality can use the primary key index; containment matches when a null key value was left out. */
    @Override
    public String cdcUniversalKeyMatchSql(String column, List<String> keys, boolean allKeys) {
        return quote(column) + (allKeys ? " = " : " @> ") + "?::jsonb";
    }

    @Override
    public String cdcMergeDocumentSql(String column, Map<String, ColumnType> keys) {
        return quote(column) + " = COALESCE(" + quote(column) + ", '{}'::jsonb) || ?::jsonb";
    }
}
