package org.kinesiscratedb.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement that an event becomes, with its bound parameters. Identifiers in {@code sql} are quoted by the
 * dialect; values are only ever in {@code parameters} (Java values for {@code PreparedStatement.setObject}, JSON
 * text where the placeholder casts to a document, {@link SqlNull} for a typed null).
 *
 * @param sql         the statement text with {@code ?} placeholders
 * @param parameters  the values, in placeholder order
 * @param table       the table it changes
 * @param kind        what it does; {@link Kind#DDL} runs alone, the others are batched with equal statements
 * @param orderingKey table and key values: statements with the same key must run in event order (they do:
 *                    the writer keeps the order of all statements)
 * @param probe       for an insert: a query that finds the row by key, to tell "existed already" (a replay) from
 *                    "silently not stored" when the database answers 0 rows; else null
 * @param optional    true if a failure other than an outage may be ignored (CREATE SCHEMA without the privilege)
 */
public record SqlOperation(String sql, List<Object> parameters, TableAddress table, Kind kind, String orderingKey,
                           SqlOperation probe, boolean optional) {

    /** What a statement does. */
    public enum Kind {
        /** CREATE, DROP, ALTER, COMMENT: runs alone, in order. */
        DDL,
        INSERT,
        UPDATE,
        DELETE,
        /** A probe ({@code SELECT 1 ... WHERE key}). */
        QUERY
    }

    public SqlOperation {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(orderingKey, "orderingKey");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    /** A DDL statement without parameters. */
    public static SqlOperation ddl(String sql, TableAddress table) {
        return new SqlOperation(sql, List.of(), table, Kind.DDL, table.toString(), null, false);
    }

    /** A DDL statement whose failure (other than an outage) is logged and ignored. */
    public static SqlOperation optionalDdl(String sql, TableAddress table) {
        return new SqlOperation(sql, List.of(), table, Kind.DDL, table.toString(), null, true);
    }

    /** A data statement. */
    public static SqlOperation dml(Kind kind, String sql, List<Object> parameters, TableAddress table,
            String orderingKey, SqlOperation probe) {
        return new SqlOperation(sql, parameters, table, kind, orderingKey, probe, false);
    }

    public boolean isDdl() {
        return kind == Kind.DDL;
    }

    /** The statement and its parameters, for tests and debug logs (values may be personal data: not at INFO). */
    @Override
    public String toString() {
        return kind + " " + sql + " " + parameters;
    }
}
