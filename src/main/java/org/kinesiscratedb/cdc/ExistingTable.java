package org.kinesiscratedb.cdc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;

/**
 * What the database says about a table that exists: its columns (sub-columns too, where it lists them), its
 * primary key, and the key names a universal table recorded for itself where the catalog cannot show them.
 *
 * @param columns        every listed column with its type, in table order
 * @param primaryKey     the primary key columns, in order
 * @param rememberedKeys the universal layout's key names from {@link
 *                       org.kinesiscratedb.target.Dialect#cdcUniversalKeysQuerySql()}, else empty
 */
public record ExistingTable(Map<ColumnPath, ColumnType> columns, List<ColumnPath> primaryKey,
                            List<String> rememberedKeys) {

    public ExistingTable {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        primaryKey = List.copyOf(primaryKey);
        rememberedKeys = List.copyOf(rememberedKeys);
    }

    /** True if the table has the universal layout's top-level columns {@code pk}, {@code data} and {@code aux}. */
    boolean isUniversal() {
        return columns.containsKey(ColumnPath.of(UniversalLayout.PK))
                && columns.containsKey(ColumnPath.of(UniversalLayout.DATA))
                && columns.containsKey(ColumnPath.of(UniversalLayout.AUX));
    }

    /** The top-level columns and their types. */
    Map<String, ColumnType> topLevelColumns() {
        Map<String, ColumnType> top = new LinkedHashMap<>();
        columns.forEach((path, type) -> {
            if (path.isTopLevel()) {
                top.put(path.top(), type);
            }
        });
        return top;
    }

    /** The direct children of a top-level object column ({@code data['x']} → {@code x}) and their types. */
    Map<String, ColumnType> children(String column) {
        Map<String, ColumnType> children = new LinkedHashMap<>();
        columns.forEach((path, type) -> {
            if (path.names().size() == 2 && path.top().equals(column)) {
                children.put(path.names().get(1), type);
            }
        });
        return children;
    }

    /** The primary key's top-level column names. */
    List<String> topLevelKey() {
        return primaryKey.stream().filter(ColumnPath::isTopLevel).map(ColumnPath::top).toList();
    }
}
