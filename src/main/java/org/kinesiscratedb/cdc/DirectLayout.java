package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * One target column per source column, the key columns as the primary key:
 * <pre>
 * CREATE TABLE IF NOT EXISTS "s"."t" ("id" INTEGER, "name" TEXT, PRIMARY KEY ("id"))
 * INSERT INTO "s"."t" ("id", "name") VALUES (?, ?) ON CONFLICT DO NOTHING
 * UPDATE "s"."t" SET "name" = ? WHERE "id" = ?
 * DELETE FROM "s"."t" WHERE "id" = ?
 * </pre>
 */
final class DirectLayout extends Layout {

    DirectLayout(Dialect dialect) {
        super(dialect);
    }

    @Override
    MappingStrategy strategy() {
        return MappingStrategy.DIRECT;
    }

    @Override
    boolean declaresColumns() {
        return true;
    }

    @Override
    void adopt(TableState state, ExistingTable table) {
        Map<String, ColumnType> columns = table.topLevelColumns();
        Map<String, ColumnType> keyTypes = new LinkedHashMap<>();
        for (String key : table.topLevelKey()) {
            keyTypes.put(key, columns.getOrDefault(key, ColumnType.TEXT));
        }
        state.present(table.topLevelKey(), keyTypes, columns);
    }

    @Override
    List<SqlOperation> create(TableState state, List<String> keys, Map<String, ColumnType> columns) {
        List<SqlOperation> operations = createSchema(state.address);
        operations.add(SqlOperation.ddl(dialect.cdcCreateDirectTableSql(state.address.schema(),
                state.address.table(), columns, keys), state.address));
        Map<String, ColumnType> keyTypes = new LinkedHashMap<>();
        keys.forEach(key -> keyTypes.put(key, columns.get(key)));
        state.present(keys, keyTypes, columns);
        return operations;
    }

    @Override
    SqlOperation addColumn(TableAddress table, String column, ColumnType type) {
        return SqlOperation.ddl(dialect.cdcAddColumnSql(table.schema(), table.table(), ColumnPath.of(column), type),
                table);
    }

    @Override
    Map<String, JsonNode> declarable(Row row) {
        return row.columns();
    }

    @Override
    SqlOperation insert(TableState state, Row row) throws UntranslatableEventException {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner placeholders = new StringJoiner(", ");
        List<Object> parameters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> column : row.columns().entrySet()) {
            ColumnType type = typeOf(state.columns, column.getKey(), column.getValue());
            names.add(dialect.quote(column.getKey()));
            placeholders.add(dialect.placeholder(type));
            parameters.add(Values.parameter(column.getValue(), type, column.getKey()));
        }
        String sql = "INSERT INTO " + state.address.qualified(dialect) + " (" + names + ") VALUES (" + placeholders
                + ") ON CONFLICT DO NOTHING";
        Map<String, JsonNode> where = present(row.keyValues());
        SqlOperation probe = where.isEmpty() ? null : probe(state, where);
        return SqlOperation.dml(SqlOperation.Kind.INSERT, sql, parameters, state.address,
                orderingKey(state.address, row.keyValues()), probe);
    }

    @Override
    Optional<SqlOperation> update(TableState state, Row row, Map<String, JsonNode> where)
            throws UntranslatableEventException {
        Map<String, JsonNode> values = row.values();
        if (values.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner assignments = new StringJoiner(", ");
        List<Object> parameters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> column : values.entrySet()) {
            ColumnType type = typeOf(state.columns, column.getKey(), column.getValue());
            assignments.add(dialect.quote(column.getKey()) + " = " + dialect.placeholder(type));
            parameters.add(Values.parameter(column.getValue(), type, column.getKey()));
        }
        String sql = "UPDATE " + state.address.qualified(dialect) + " SET " + assignments + " WHERE "
                + condition(state, where, parameters);
        return Optional.of(SqlOperation.dml(SqlOperation.Kind.UPDATE, sql, parameters, state.address,
                orderingKey(state.address, where), null));
    }

    @Override
    SqlOperation delete(TableState state, List<String> keys, Map<String, JsonNode> where)
            throws UntranslatableEventException {
        List<Object> parameters = new ArrayList<>();
        String sql = "DELETE FROM " + state.address.qualified(dialect) + " WHERE "
                + condition(state, where, parameters);
        return SqlOperation.dml(SqlOperation.Kind.DELETE, sql, parameters, state.address,
                orderingKey(state.address, where), null);
    }

    private SqlOperation probe(TableState state, Map<String, JsonNode> where) throws UntranslatableEventException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT 1 FROM " + state.address.qualified(dialect) + " WHERE "
                + condition(state, where, parameters);
        return SqlOperation.dml(SqlOperation.Kind.QUERY, sql, parameters, state.address,
                orderingKey(state.address, where), null);
    }

    private String condition(TableState state, Map<String, JsonNode> where, List<Object> parameters)
            throws UntranslatableEventException {
        StringJoiner condition = new StringJoiner(" AND ");
        for (Map.Entry<String, JsonNode> key : where.entrySet()) {
            ColumnType type = typeOf(state.columns, key.getKey(), key.getValue());
            condition.add(dialect.quote(key.getKey()) + " = " + dialect.placeholder(type));
            parameters.add(Values.parameter(key.getValue(), type, key.getKey()));
        }
        return condition.toString();
    }
}
