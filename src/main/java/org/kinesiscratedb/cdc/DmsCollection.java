package org.kinesiscratedb.cdc;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one table is written: a {@code collections} entry of a recipe, or the defaults for a table not listed.
 *
 * @param address       the table (schema after the target URL's override)
 * @param strategy      the layout
 * @param ignoreDdl     true: create-table and drop-table events do nothing (and teach no keys)
 * @param primaryKey    the recipe's key columns, in order
 * @param mapColumns    columns whose JSON-text values are decoded to documents
 */
public record DmsCollection(TableAddress address, MappingStrategy strategy, boolean ignoreDdl,
                            List<KeyRule> primaryKey, Set<String> mapColumns) {

    /**
     * A {@code pk} rule.
     *
     * @param column the column: the rule's pointer without the leading {@code /}
     * @param type   the SQL type name given by the rule, or null
     */
    public record KeyRule(String column, String type) {
        public KeyRule {
            Objects.requireNonNull(column, "column");
        }
    }

    public DmsCollection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(strategy, "strategy");
        primaryKey = List.copyOf(primaryKey);
        mapColumns = Set.copyOf(mapColumns);
    }

    /** What a table not listed in the recipe gets: direct layout, DDL applied, no extra keys. */
    public static DmsCollection defaults(TableAddress address) {
        return new DmsCollection(address, MappingStrategy.DIRECT, false, List.of(), Set.of());
    }

    /** The recipe's key column names, in order. */
    public List<String> keyColumns() {
        return primaryKey.stream().map(KeyRule::column).toList();
    }
}
