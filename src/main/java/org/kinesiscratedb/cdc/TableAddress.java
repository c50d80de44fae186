package org.kinesiscratedb.cdc;

import java.util.Objects;
import org.kinesiscratedb.target.Dialect;

/**
 * A target table: schema and name, case kept, unquoted.
 *
 * @param schema the schema (after the target URL's override)
 * @param table  the table name
 */
public record TableAddress(String schema, String table) {

    public TableAddress {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** {@code "schema"."table"}, quoted by the dialect. */
    public String qualified(Dialect dialect) {
        return dialect.qualified(schema, table);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
