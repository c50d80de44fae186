package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * Three columns: {@code pk} (the key columns, the primary key), {@code data} (the other columns) and {@code aux}
 * (values no typed column can hold). On CrateDB {@code pk} is {@code OBJECT(STRICT)} with typed keys, {@code data}
 * is {@code OBJECT(DYNAMIC)} with every known column declared and {@code aux} is {@code OBJECT(IGNORED)}; on
 * PostgreSQL all three are JSONB. The dialect writes the statements that differ.
 */
final class UniversalLayout extends Layout {

    static final String PK = "pk";
    static final String DATA = "data";
    static final String AUX = "aux";

    UniversalLayout(Dialect dialect) {
        super(dialect);
    }

    @Override
    MappingStrategy strategy() {
        return MappingStrategy.UNIVERSAL;
    }

    @Override
    boolean declaresColumns() {
        return dialect.typedObjectKeys();
    }

    @Override
    void adopt(TableState state, ExistingTable table) throws UntranslatableEventException {
        if (!table.isUniversal()) {
            throw new UntranslatableEventException("Table " + state.address.qualified(dialect) + " exists without "
                    + "the universal layout's columns pk, data and aux; its recipe collection says universal");
        }
        Map<String, ColumnType> keyTypes = table.children(PK);
        List<String> keys = new ArrayList<>(keyTypes.keySet());
        if (keys.isEmpty()) {
            table.primaryKey().stream().filter(path -> path.names().size() == 2 && path.top().equals(PK))
                    .forEach(path -> keys.add(path.names().get(1)));
        }
        if (keys.isEmpty()) {
            keys.addAll(table.rememberedKeys());
        }
        state.present(keys, keyTypes, declaresColumns() ? table.children(DATA) : Map.of());
    }

    @Override
    List<SqlOperation> create(TableState state, List<String> keys, Map<String, ColumnType> columns) {
        Map<String, ColumnType> keyTypes = new LinkedHashMap<>();
        keys.forEach(key -> keyTypes.put(key, columns.getOrDefault(key, ColumnType.TEXT)));
        Map<String, ColumnType> data = new LinkedHashMap<>();
        if (declaresColumns()) {
            columns.forEach((name, type) -> {
                if (!keyTypes.containsKey(name)) {
                    data.put(name, type);
                }
            });
        }
        TableAddress table = state.address;
        List<SqlOperation> operations = createSchema(table);
        operations.add(SqlOperation.ddl(dialect.cdcCreateUniversalTableSql(table.schema(), table.table(), keyTypes,
                data), table));
        for (String sql : dialect.cdcRememberUniversalKeysSql(table.schema(), table.table(), keys)) {
            // Only a restart with an empty table needs it; its failure (not the owner) must not stall the relay.
            operations.add(SqlOperation.optionalDdl(sql, table));
        }
        state.present(keys, keyTypes, data);
        return operations;
    }

    @Override
    SqlOperation addColumn(TableAddress table, String column, ColumnType type) {
        return SqlOperation.ddl(dialect.cdcAddColumnSql(table.schema(), table.table(), ColumnPath.of(DATA, column),
                type), table);
    }

    @Override
    Map<String, JsonNode> declarable(Row row) {
        return row.values();
    }

    @Override
    SqlOperation insert(TableState state, Row row) throws UntranslatableEventException {
        ObjectNode pk = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> key : row.keyValues().entrySet()) {
            pk.set(key.getKey(), keyDocument(state, key.getKey(), key.getValue()));
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> column : writable(state, row).entrySet()) {
            ColumnType type = state.columns.get(column.getKey());
            data.set(column.getKey(), type == null ? column.getValue()
                    : Values.document(column.getValue(), type, column.getKey()));
        }
        ObjectNode aux = JsonNodeFactory.instance.objectNode();
        row.aux().forEach(aux::set);
        String document = dialect.placeholder(dialect.documentType());
        String sql = "INSERT INTO " + state.address.qualified(dialect) + " (" + dialect.quote(PK) + ", "
                + dialect.quote(DATA) + ", " + dialect.quote(AUX) + ") VALUES (" + document + ", " + document + ", "
                + document + ") ON CONFLICT DO NOTHING";
        Map<String, JsonNode> where = present(row.keyValues());
        SqlOperation probe = null;
        if (!where.isEmpty()) {
            List<Object> parameters = new ArrayList<>();
            String condition = condition(state, row.keys(), where, parameters);
            probe = SqlOperation.dml(SqlOperation.Kind.QUERY, "SELECT 1 FROM " + state.address.qualified(dialect)
                    + " WHERE " + condition, parameters, state.address, orderingKey(state.address, where), null);
        }
        return SqlOperation.dml(SqlOperation.Kind.INSERT, sql, List.of(Values.json(pk), Values.json(data),
                Values.json(aux)), state.address, orderingKey(state.address, row.keyValues()), probe);
    }

    /** Merges the row's non-key columns into {@code data}: other keys of {@code data} stay. */
    @Override
    Optional<SqlOperation> update(TableState state, Row row, Map<String, JsonNode> where)
            throws UntranslatableEventException {
        Map<String, JsonNode> values = writable(state, row);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>();
        Map<String, ColumnType> types = new LinkedHashMap<>();
        if (declaresColumns()) {
            for (Map.Entry<String, JsonNode> column : values.entrySet()) {
                ColumnType type = typeOf(state.columns, column.getKey(), column.getValue());
                types.put(column.getKey(), type);
                parameters.add(Values.parameter(column.getValue(), type, column.getKey()));
            }
        } else {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            values.forEach(data::set);
            values.keySet().forEach(name -> types.put(name, dialect.documentType()));
            parameters.add(Values.json(data));
        }
        String sql = "UPDATE " + state.address.qualified(dialect) + " SET "
                + dialect.cdcMergeDocumentSql(DATA, types) + " WHERE "
                + condition(state, row.keys(), where, parameters);
        return Optional.of(SqlOperation.dml(SqlOperation.Kind.UPDATE, sql, parameters, state.address,
                orderingKey(state.address, where), null));
    }

    /** Replaces {@code data} and {@code aux} of the row with the given key (a DynamoDB MODIFY: a full new image). */
    SqlOperation replace(TableState state, Row row) throws UntranslatableEventException {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> column : writable(state, row).entrySet()) {
            ColumnType type = state.columns.get(column.getKey());
            data.set(column.getKey(), type == null ? column.getValue()
                    : Values.document(column.getValue(), type, column.getKey()));
        }
        ObjectNode aux = JsonNodeFactory.instance.objectNode();
        row.aux().forEach(aux::set);
        String document = dialect.placeholder(dialect.documentType());
        List<Object> parameters = new ArrayList<>(List.of(Values.json(data), Values.json(aux)));
        Map<String, JsonNode> where = present(row.keyValues());
        String sql = "UPDATE " + state.address.qualified(dialect) + " SET " + dialect.quote(DATA) + " = " + document
                + ", " + dialect.quote(AUX) + " = " + document + " WHERE "
                + condition(state, row.keys(), where, parameters);
        return SqlOperation.dml(SqlOperation.Kind.UPDATE, sql, parameters, state.address,
                orderingKey(state.address, where), null);
    }

    @Override
    SqlOperation delete(TableState state, List<String> keys, Map<String, JsonNode> where)
            throws UntranslatableEventException {
        List<Object> parameters = new ArrayList<>();
        String sql = "DELETE FROM " + state.address.qualified(dialect) + " WHERE "
                + condition(state, keys, where, parameters);
        return SqlOperation.dml(SqlOperation.Kind.DELETE, sql, parameters, state.address,
                orderingKey(state.address, where), null);
    }

    /**
     * The non-key columns to write. Where columns are declared, a null for a column never declared is left out:
     * CrateDB would create an untyped sub-column that the next value types by guessing.
     */
    private Map<String, JsonNode> writable(TableState state, Row row) {
        Map<String, JsonNode> values = new LinkedHashMap<>(row.values());
        if (declaresColumns()) {
            values.entrySet().removeIf(column -> column.getValue().isNull()
                    && !state.columns.containsKey(column.getKey()));
        }
        return values;
    }

    private JsonNode keyDocument(TableState state, String key, JsonNode value) throws UntranslatableEventException {
        ColumnType type = state.keyTypes.get(key);
        return type == null || !declaresColumns() ? value : Values.document(value, type, key);
    }

    private String condition(TableState state, List<String> keys, Map<String, JsonNode> where,
            List<Object> parameters) throws UntranslatableEventException {
        List<String> names = new ArrayList<>(where.keySet());
        boolean allKeys = where.keySet().containsAll(keys);
        if (declaresColumns()) {
            for (Map.Entry<String, JsonNode> key : where.entrySet()) {
                ColumnType type = typeOf(state.keyTypes, key.getKey(), key.getValue());
                parameters.add(Values.parameter(key.getValue(), type, key.getKey()));
            }
        } else {
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> key : where.entrySet()) {
                document.set(key.getKey(), keyDocument(state, key.getKey(), key.getValue()));
            }
            parameters.add(Values.json(document));
        }
        return dialect.cdcUniversalKeyMatchSql(PK, names, allKeys);
    }
}
