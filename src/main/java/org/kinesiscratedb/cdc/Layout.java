package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * How rows of a change-data-capture table are stored, and the SQL for each change: {@link DirectLayout} or
 * {@link UniversalLayout}. Identifiers are quoted by the dialect; values are bound.
 */
abstract class Layout {

    protected final Dialect dialect;

    Layout(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Which recipe strategy this is. */
    abstract MappingStrategy strategy();

    /**
     * True if this layout declares each column before writing it ({@code TableState.columns} tracks them): always
     * for direct, for universal where the database types object keys (CrateDB).
     */
    abstract boolean declaresColumns();

    /**
     * Takes what the database has into {@code state}.
     *
     * @throws UntranslatableEventException if the table exists in the other layout
     */
    abstract void adopt(TableState state, ExistingTable table) throws UntranslatableEventException;

    /**
     * The statements that create the table, and records its keys and columns in {@code state}.
     *
     * @param keys    the key columns
     * @param columns every column to declare (keys included), in order
     */
    abstract List<SqlOperation> create(TableState state, List<String> keys, Map<String, ColumnType> columns);

    /** The statement that declares one more column ({@link #declaresColumns()} must hold). */
    abstract SqlOperation addColumn(TableAddress table, String column, ColumnType type);

    /** {@code INSERT ... ON CONFLICT DO NOTHING} of a row. */
    abstract SqlOperation insert(TableState state, Row row) throws UntranslatableEventException;

    /** The update of a row's non-key columns where the key has the given values; empty if nothing is set. */
    abstract Optional<SqlOperation> update(TableState state, Row row, Map<String, JsonNode> where)
            throws UntranslatableEventException;

    /** The deletion of rows where the key columns {@code keys} have the given values (nulls left out). */
    abstract SqlOperation delete(TableState state, List<String> keys, Map<String, JsonNode> where)
            throws UntranslatableEventException;

    /** The columns a row needs declared ({@link #declaresColumns()}): direct all, universal the non-key ones. */
    abstract Map<String, JsonNode> declarable(Row row);

    /** A statement that makes sure the schema exists where the database needs that (PostgreSQL). */
    protected List<SqlOperation> createSchema(TableAddress table) {
        List<SqlOperation> operations = new ArrayList<>();
        dialect.createSchemaSql(table.schema()).ifPresent(sql -> operations.add(SqlOperation.optionalDdl(sql, table)));
        return operations;
    }

    /** The table and key values, for {@link SqlOperation#orderingKey()}. */
    protected static String orderingKey(TableAddress table, Map<String, JsonNode> keyValues) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        keyValues.forEach(key::set);
        return table + "/" + Values.json(key);
    }

    /** The type of a column: what the database has, else the declared one, else a guess from the value. */
    protected ColumnType typeOf(Map<String, ColumnType> known, String column, JsonNode value) {
        ColumnType type = known.get(column);
        if (type != null) {
            return type;
        }
        return CdcTypes.infer(value, dialect).orElse(ColumnType.TEXT);
    }

    /** The key values that are not null: a null key column is left out of a WHERE clause. */
    static Map<String, JsonNode> present(Map<String, JsonNode> keyValues) {
        Map<String, JsonNode> present = new LinkedHashMap<>();
        keyValues.forEach((key, value) -> {
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                present.put(key, value);
            }
        });
        return present;
    }
}
