package org.kinesiscratedb.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/** Reads a table's columns and primary key from {@code information_schema} through the dialect's queries. */
public final class JdbcTableLookup implements TableLookup {

    private final DataSource dataSource;
    private final Dialect dialect;

    public JdbcTableLookup(DataSource dataSource, Dialect dialect) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public Optional<ExistingTable> find(TableAddress table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<ColumnPath, ColumnType> columns = new LinkedHashMap<>();
            try (PreparedStatement statement = prepare(connection, dialect.listColumnsSql(), table);
                 ResultSet rs = statement.executeQuery()) {
                boolean hasUdt = rs.getMetaData().getColumnCount() >= 3;
                while (rs.next()) {
                    columns.put(dialect.parseColumnName(rs.getString(1)),
                            dialect.parseColumnType(rs.getString(2), hasUdt ? rs.getString(3) : null));
                }
            }
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            List<ColumnPath> primaryKey = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, dialect.primaryKeySql(), table);
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    primaryKey.add(dialect.parseColumnName(rs.getString(1)));
                }
            }
            List<String> remembered = List.of();
            Optional<String> keysQuery = dialect.cdcUniversalKeysQuerySql();
            if (keysQuery.isPresent()) {
                try (PreparedStatement statement = prepare(connection, keysQuery.get(), table);
                     ResultSet rs = statement.executeQuery()) {
                    remembered = rs.next() ? dialect.cdcParseUniversalKeys(rs.getString(1)) : List.of();
                }
            }
            return Optional.of(new ExistingTable(columns, primaryKey, remembered));
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, TableAddress table)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, table.schema());
        statement.setString(2, table.table());
        return statement;
    }
}
