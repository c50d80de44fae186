package org.kinesiscratedb.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the writer knows of a table's columns: an immutable snapshot read from information_schema, with CrateDB's
 * object sub-columns as paths. A new snapshot replaces the old one after every ALTER TABLE.
 */
final class TableSchema {

    /** The snapshot of a table that does not exist (or was not read yet). */
    static final TableSchema NONE = new TableSchema(Map.of());

    private final Map<ColumnPath, ColumnType> columns;

    TableSchema(Map<ColumnPath, ColumnType> columns) {
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** Reads a table's columns; a missing table gives an empty snapshot. */
    static TableSchema read(Connection connection, Dialect dialect, String schema, String table)
            throws SQLException {
        Map<ColumnPath, ColumnType> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(dialect.listColumnsSql())) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                boolean hasUdt = rs.getMetaData().getColumnCount() >= 3;
                while (rs.next()) {
                    columns.put(dialect.parseColumnName(rs.getString(1)),
                            dialect.parseColumnType(rs.getString(2), hasUdt ? rs.getString(3) : null));
                }
            }
        }
        return new TableSchema(columns);
    }

    /** The type of a column, or null if there is no such column. */
    ColumnType type(ColumnPath path) {
        return columns.get(path);
    }

    boolean contains(ColumnPath path) {
        return columns.containsKey(path);
    }

    /** True if the table has any column, i.e. exists. */
    boolean exists() {
        return !columns.isEmpty();
    }

    /** The number of columns, sub-columns included. */
    int size() {
        return columns.size();
    }

    Map<ColumnPath, ColumnType> columns() {
        return columns;
    }

    @Override
    public String toString() {
        return "TableSchema" + columns;
    }
}
