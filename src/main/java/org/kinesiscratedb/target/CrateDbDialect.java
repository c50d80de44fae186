package org.kinesiscratedb.target;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** CrateDB's SQL, as measured on CrateDB 6.5 (see the project notes on its dialect). */
public final class CrateDbDialect implements Dialect {

    /** CrateDB's system columns: a top-level column of that name cannot be written. */
    public static final Set<String> SYSTEM_COLUMNS =
            Set.of("_id", "_version", "_seq_no", "_primary_term", "_doc", "_raw", "_score");

    /** Strings longer than this (UTF-8 bytes) fail in indexed text columns and object keys. */
    public static final int MAX_INDEXED_TEXT_BYTES = 32_766;

    /** The default {@code mapping.total_fields.limit}, which counts object sub-columns too. */
    public static final int MAX_COLUMNS = 1_000;

    /** The default {@code statement_max_length}. */
    public static final int MAX_STATEMENT_LENGTH = 262_144;

    /** Unindexed, not in the column store: the only TEXT definition that stores values over 32 KB. */
    private static final String UNINDEXED_TEXT = "TEXT INDEX OFF STORAGE WITH (columnstore = false)";

    // Errors CrateDB reports as XX000 although they concern the cluster or the table, not a row.
    private static final List<String> SYSTEMIC_MESSAGES = List.of(
            "blocked by", "missing privilege", "privilege for user", "circuitbreaking",
            "circuit breaking", "data too large", "rejected execution", "no shard available",
            "shard is not active", "not enough active copies", "nodenotconnected");

    @Override
    public String name() {
        return "cratedb";
    }

    @Override
    public Optional<String> createSchemaSql(String schema) {
        return Optional.empty();
    }

    @Override
    public Optional<String> refreshTableSql(String schema, String table) {
        return Optional.of("REFRESH TABLE " + qualified(schema, table));
    }

    /** Strict column policy: a column we forgot to add then fails loudly instead of CrateDB guessing its type. */
    @Override
    public String createTableSql(String schema, String table) {
        StringJoiner kinesis = new StringJoiner(", ");
        for (String key : RowLayout.KINESIS_KEYS) {
            kinesis.add(quote(key) + " " + (key.equals(RowLayout.KINESIS_TS) ? "TIMESTAMP WITH TIME ZONE" : "TEXT"));
        }
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " ("
                + quote(RowLayout.MESSAGE_ID) + " TEXT PRIMARY KEY, "
                + quote(RowLayout.KINESIS) + " OBJECT(DYNAMIC) AS (" + kinesis + "))"
                + " WITH (column_policy = 'strict')";
    }

    @Override
    public String createDeadLetterTableSql(String schema, String table) {
        StringJoiner columns = new StringJoiner(", ");
        for (var column : DeadLetterTable.COLUMNS.entrySet()) {
            String type = switch (column.getKey()) {
                case DeadLetterTable.PAYLOAD, DeadLetterTable.ERROR -> UNINDEXED_TEXT;
                default -> typeSql(column.getValue());
            };
            String key = column.getKey().equals(RowLayout.MESSAGE_ID) ? " PRIMARY KEY" : "";
            columns.add(quote(column.getKey()) + " " + type + key);
        }
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " (" + columns + ")"
                + " WITH (column_policy = 'strict')";
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
            case OBJECT -> "OBJECT(DYNAMIC)";
            case ARRAY -> "ARRAY(" + typeSql(type.element()) + ")";
            default -> throw new IllegalArgumentException("we never create a column of type " + type.describe());
        };
    }

    /** No IF NOT EXISTS in CrateDB: a concurrent writer's column shows up as an "already exists" error instead. */
    @Override
    public String addColumnSql(String schema, String table, ColumnPath path, ColumnType type) {
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN " + columnRef(path) + " " + typeSql(type);
    }

    @Override
    public boolean isColumnExistsError(SQLException error) {
        String message = SqlErrors.serverMessage(error).toLowerCase(Locale.ROOT);
        return message.contains("already exists");
    }

    @Override
    public String listColumnsSql() {
        return "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    }

    /** Sub-columns are listed as {@code o['k']['l']}, keys unescaped; keys never contain '[' (CrateDB forbids it). */
    @Override
    public ColumnPath parseColumnName(String columnName) {
        int bracket = columnName.indexOf("['");
        if (bracket < 0 || !columnName.endsWith("']")) {
            return ColumnPath.of(columnName);
        }
        List<String> names = new ArrayList<>();
        names.add(columnName.substring(0, bracket));
        for (String part : columnName.substring(bracket + 2).split("\\['", -1)) {
            names.add(part.endsWith("']") ? part.substring(0, part.length() - 2) : part);
        }
        return new ColumnPath(names);
    }

    @Override
    public ColumnType parseColumnType(String dataType, String udtName) {
        String type = dataType.toLowerCase(Locale.ROOT).trim();
        if (type.endsWith("_array")) {
            ColumnType element = parseColumnType(type.substring(0, type.length() - "_array".length()), null);
            // Nested arrays and arrays of unknown types: bound as text, the database decides.
            return element.kind() == ColumnType.Kind.ARRAY || element.kind() == ColumnType.Kind.OTHER
                    ? ColumnType.other(type) : ColumnType.arrayOf(element);
        }
        return switch (type) {
            case "bigint", "long" -> ColumnType.BIGINT;
            case "integer", "int" -> ColumnType.INTEGER;
            case "smallint", "short" -> ColumnType.SMALLINT;
            case "double precision", "double" -> ColumnType.DOUBLE;
            case "real", "float" -> ColumnType.REAL;
            case "boolean" -> ColumnType.BOOLEAN;
            case "text", "character varying", "varchar", "string" -> ColumnType.TEXT;
            case "timestamp with time zone", "timestamp" -> ColumnType.TIMESTAMP;
            case "timestamp without time zone" -> ColumnType.TIMESTAMP_LOCAL;
            case "object" -> ColumnType.OBJECT;
            case "undefined" -> ColumnType.UNDEFINED;
            default -> ColumnType.other(type);
        };
    }

    @Override
    public String placeholder(ColumnType type) {
        return switch (type.kind()) {
            case OBJECT -> "?::object";
            // Only plain type names are safe to cast to; others are left to CrateDB's implicit conversion.
            case OTHER -> type.sqlName().matches("[a-z][a-z ]*") ? "CAST(? AS " + type.sqlName() + ")" : "?";
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
            case OBJECT, JSON -> "json";
            case TIMESTAMP -> "timestamptz";
            case TIMESTAMP_LOCAL -> "timestamp";
            default -> "text";
        };
    }

    @Override
    public boolean typedArrays() {
        return true;
    }

    @Override
    public boolean typedObjectKeys() {
        return true;
    }

    @Override
    public ColumnType documentType() {
        return ColumnType.OBJECT;
    }

    @Override
    public int maxColumns() {
        return MAX_COLUMNS;
    }

    @Override
    public int maxIndexedTextBytes() {
        return MAX_INDEXED_TEXT_BYTES;
    }

    @Override
    public int maxIdentifierBytes() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int maxStatementLength() {
        return MAX_STATEMENT_LENGTH;
    }

    @Override
    public Set<String> reservedColumnNames() {
        return SYSTEM_COLUMNS;
    }

    @Override
    public boolean isSystemicError(SQLException error) {
        String message = SqlErrors.serverMessage(error).toLowerCase(Locale.ROOT);
        return SYSTEMIC_MESSAGES.stream().anyMatch(message::contains);
    }

    // ---- change data capture ----

    /** CrateDB has a DATE type for casts only, not for columns. */
    @Override
    public ColumnType cdcDateType() {
        return ColumnType.TIMESTAMP;
    }

    /**
     * {@code pk OBJECT(STRICT) AS ("id" INTEGER PRIMARY KEY, ...)}: several key columns make a composite key.
     * {@code data} declares every known column, so CrateDB never types one from its first value (it would store
     * a later 1.77 in a column typed by 25 as 1).
     */
    @Override
    public String cdcCreateUniversalTableSql(String schema, String table, Map<String, ColumnType> keys,
            Map<String, ColumnType> data) {
        StringJoiner keyColumns = new StringJoiner(", ");
        keys.forEach((name, type) -> keyColumns.add(quote(name) + " " + cdcTypeSql(type) + " PRIMARY KEY"));
        StringJoiner dataColumns = new StringJoiner(", ");
        data.forEach((name, type) -> dataColumns.add(quote(name) + " " + cdcTypeSql(type)));
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " ("
                + quote("pk") + " OBJECT(STRICT)" + (keys.isEmpty() ? "" : " AS (" + keyColumns + ")") + ", "
                + quote("data") + " OBJECT(DYNAMIC)" + (data.isEmpty() ? "" : " AS (" + dataColumns + ")") + ", "
                + quote("aux") + " OBJECT(IGNORED))";
    }

    @Override
    public String cdcAddColumnSql(String schema, String table, ColumnPath path, ColumnType type) {
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN " + columnRef(path) + " " + cdcTypeSql(type);
    }

    @Override
    public String cdcUniversalKeyMatchSql(String column, List<String> keys, boolean allKeys) {
        StringJoiner condition = new StringJoiner(" AND ");
        for (String key : keys) {
            condition.add(columnRef(ColumnPath.of(column, key)) + " = ?");
        }
        return condition.toString();
    }

    /** Sub-column assignments merge into the object (measured: {@code SET o['k'] = ...} keeps the other keys). */
    @Override
    public String cdcMergeDocumentSql(String column, Map<String, ColumnType> keys) {
        StringJoiner assignments = new StringJoiner(", ");
        keys.forEach((key, type) -> assignments.add(columnRef(ColumnPath.of(column, key)) + " = " + placeholder(type)));
        return assignments.toString();
    }
}
