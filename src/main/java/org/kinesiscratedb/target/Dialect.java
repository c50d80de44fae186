package org.kinesiscratedb.target;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Every SQL difference between CrateDB and PostgreSQL lives behind this interface: one implementation per
 * database ({@link CrateDbDialect}, {@link PostgresDialect}). Callers never test "is this CrateDB?" themselves.
 *
 * <p>Identifiers are always quoted; values are always bound ({@code ?}), never written into SQL text.
 */
public interface Dialect {

    /** A short name for logs: {@code cratedb} or {@code postgresql}. */
    String name();

    /** Quotes an identifier, doubling embedded quotes: {@code a"b} becomes {@code "a""b"}. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}, both parts quoted. */
    default String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /**
     * The statement that makes sure a schema exists, if the database needs one. CrateDB creates schemas
     * implicitly with their first table (and only 6.2+ knows CREATE SCHEMA), so it returns empty there.
     */
    Optional<String> createSchemaSql(String schema);

    /**
     * The statement that makes recent writes to a table visible to searches. CrateDB needs {@code REFRESH TABLE};
     * PostgreSQL returns empty.
     */
    Optional<String> refreshTableSql(String schema, String table);

    // ---- the tables we create ----

    /**
     * {@code CREATE TABLE IF NOT EXISTS} for a main table: {@code kinesis_msg_id} (primary key) and the
     * {@code kinesis} metadata column. Payload columns are added later, one ALTER each.
     */
    String createTableSql(String schema, String table);

    /** {@code CREATE TABLE IF NOT EXISTS} for a dead-letter table (see {@link DeadLetterTable} for its columns). */
    String createDeadLetterTableSql(String schema, String table);

    /** The DDL type of a column we create: {@code BIGINT}, {@code OBJECT(DYNAMIC)}, {@code JSONB}, ... */
    String typeSql(ColumnType type);

    /**
     * The reference to a column in DDL: {@code "top"} or, for a sub-column, {@code "o"['k']} (keys as string
     * literals with {@code '} doubled).
     */
    default String columnRef(ColumnPath path) {
        StringBuilder ref = new StringBuilder(quote(path.top()));
        for (String key : path.names().subList(1, path.names().size())) {
            ref.append("['").append(key.replace("'", "''")).append("']");
        }
        return ref.toString();
    }

    /** {@code ALTER TABLE ... ADD COLUMN} for one column; must not fail when a concurrent writer added it first. */
    String addColumnSql(String schema, String table, ColumnPath path, ColumnType type);

    /** True if an ADD COLUMN failed only because the column exists already (a concurrent writer added it). */
    boolean isColumnExistsError(SQLException error);

    // ---- reading the existing tables ----

    /**
     * Lists a table's columns, with the bind parameters table_schema and table_name. Answers column_name and
     * data_type, and on PostgreSQL a third column udt_name.
     */
    String listColumnsSql();

    /** Turns a listed column name into a path ({@code o['k']} becomes {@code [o, k]} on CrateDB). */
    ColumnPath parseColumnName(String columnName);

    /** Maps a listed type (data_type, and udt_name where the database has one, else null) to a column type. */
    ColumnType parseColumnType(String dataType, String udtName);

    /** Lists the primary key columns of a table, with the bind parameters table_schema and table_name. */
    default String primaryKeySql() {
        return "SELECT kcu.column_name FROM information_schema.table_constraints tc"
                + " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name"
                + " AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name"
                + " WHERE tc.table_schema = ? AND tc.table_name = ? AND tc.constraint_type = 'PRIMARY KEY'";
    }

    // ---- writing ----

    /**
     * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c, ...} over the given columns, in order, with
     * one placeholder each ({@link #placeholder}). The key column must be the first entry.
     */
    default String upsertSql(String schema, String table, Map<String, ColumnType> columns) {
        List<String> names = List.copyOf(columns.keySet());
        StringJoiner columnList = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
            columnList.add(quote(column.getKey()));
            values.add(placeholder(column.getValue()));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(schema, table))
                .append(" (").append(columnList).append(") VALUES (").append(values).append(")")
                .append(" ON CONFLICT (").append(quote(names.get(0))).append(")");
        if (names.size() == 1) {
            return sql.append(" DO NOTHING").toString();
        }
        StringJoiner updates = new StringJoiner(", ");
        for (String name : names.subList(1, names.size())) {
            updates.add(quote(name) + " = excluded." + quote(name));
        }
        return sql.append(" DO UPDATE SET ").append(updates).toString();
    }

    /** The bind placeholder for a column of this type: {@code ?}, or {@code ?::object} / {@code ?::jsonb}. */
    String placeholder(ColumnType type);

    /** The element type name for {@code Connection.createArrayOf} ({@code int8}, {@code text}, {@code json}...). */
    String arrayElementTypeName(ColumnType element);

    // ---- what the database can hold ----

    /** True if JSON arrays get typed array columns (CrateDB); false if they are stored as JSON documents. */
    boolean typedArrays();

    /** True if object keys are typed sub-columns that must be added before a write (CrateDB). */
    boolean typedObjectKeys();

    /** The type of a new column for a JSON object (and, without typed arrays, for a JSON array). */
    ColumnType documentType();

    /** The most columns a table may have; on CrateDB object sub-columns count too. */
    int maxColumns();

    /** The longest string, in UTF-8 bytes, an indexed text column or object key accepts. */
    int maxIndexedTextBytes();

    /** The longest column name, in UTF-8 bytes; longer ones the database would cut or refuse. */
    int maxIdentifierBytes();

    /** The longest statement text the database accepts, in characters. */
    int maxStatementLength();

    /** Top-level column names the database reserves (system columns); a JSON key with such a name is refused. */
    Set<String> reservedColumnNames();

    /**
     * True if an error is about the database or the table rather than a row (beyond the SQLState classes every
     * database shares; see {@link SqlErrors}). Such errors are retried, never dead-lettered.
     */
    default boolean isSystemicError(SQLException error) {
        return false;
    }

    // ---- change data capture (package cdc): the two table layouts of compat.md section 2 ----

    /**
     * The column type that stores a DMS date ({@code DATE32}): {@code DATE} on PostgreSQL; CrateDB cannot store
     * {@code DATE} columns, so there it is {@code TIMESTAMP WITH TIME ZONE} at midnight UTC.
     */
    ColumnType cdcDateType();

    /** The DDL type of a change-data-capture column: {@link #typeSql}, plus plain-named types such as {@code DATE}. */
    default String cdcTypeSql(ColumnType type) {
        return type.kind() == ColumnType.Kind.OTHER ? type.sqlName().toUpperCase(java.util.Locale.ROOT) : typeSql(type);
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} for the direct layout: one column per source column, in order, and a
     * {@code PRIMARY KEY (...)} constraint when {@code primaryKey} is not empty.
     */
    default String cdcCreateDirectTableSql(String schema, String table, Map<String, ColumnType> columns,
            List<String> primaryKey) {
        StringJoiner definitions = new StringJoiner(", ");
        for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
            definitions.add(quote(column.getKey()) + " " + cdcTypeSql(column.getValue()));
        }
        if (!primaryKey.isEmpty()) {
            StringJoiner key = new StringJoiner(", ");
            primaryKey.forEach(name -> key.add(quote(name)));
            definitions.add("PRIMARY KEY (" + key + ")");
        }
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " (" + definitions + ")";
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} for the universal layout: {@code pk} (the key columns, the primary key),
     * {@code data} (the other columns, declared where the database types object keys) and {@code aux} (anything).
     */
    String cdcCreateUniversalTableSql(String schema, String table, Map<String, ColumnType> keys,
            Map<String, ColumnType> data);

    /**
     * Statements that record the key names of a universal table where the catalog cannot show them (a JSON
     * primary key column has no sub-columns), so a restarted relay finds them again; empty where it can.
     */
    default List<String> cdcRememberUniversalKeysSql(String schema, String table, List<String> keys) {
        return List.of();
    }

    /**
     * The query (bind parameters table_schema, table_name) that reads what {@link #cdcRememberUniversalKeysSql}
     * wrote.
     */
    default Optional<String> cdcUniversalKeysQuerySql() {
        return Optional.empty();
    }

    /** The key names in what {@link #cdcUniversalKeysQuerySql} read; empty if it is not such a record. */
    default List<String> cdcParseUniversalKeys(String remembered) {
        return List.of();
    }

    /**
     * {@code ALTER TABLE ... ADD COLUMN} for a change-data-capture column: top level (direct layout) or a
     * {@code data} sub-column (universal layout). Either succeeds when the column exists or fails with an error
     * {@link #isColumnExistsError} recognises.
     */
    String cdcAddColumnSql(String schema, String table, ColumnPath path, ColumnType type);

    /**
     * The condition matching rows of a universal table by key. Where {@link #typedObjectKeys()} it binds one
     * value per key, in order ({@code "pk"['id'] = ?}); otherwise one JSON document with the given keys, compared
     * whole when {@code allKeys}, else by containment.
     */
    String cdcUniversalKeyMatchSql(String column, List<String> keys, boolean allKeys);

    /**
     * The {@code SET} assignment that merges values into a universal document column, keeping its other keys.
     * Where {@link #typedObjectKeys()} it binds one value per key (placeholders by {@link #placeholder} of the
     * key's type); otherwise one JSON document with all the keys.
     */
    String cdcMergeDocumentSql(String column, Map<String, ColumnType> keys);

    /** Detects the database from {@code SELECT version()}: CrateDB answers with a string starting "CrateDB". */
    static Dialect detect(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version()")) {
            String version = rs.next() ? rs.getString(1) : "";
            return version != null && version.startsWith("CrateDB") ? new CrateDbDialect() : new PostgresDialect();
        }
    }
}
