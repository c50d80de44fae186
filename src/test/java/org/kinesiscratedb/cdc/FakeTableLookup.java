package org.kinesiscratedb.cdc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;

/** A database that has the tables a test puts in, and counts how often it was asked. */
final class FakeTableLookup implements TableLookup {

    private final Map<TableAddress, ExistingTable> tables = new HashMap<>();
    private int lookups;

    FakeTableLookup with(TableAddress address, Map<ColumnPath, ColumnType> columns, List<ColumnPath> primaryKey) {
        tables.put(address, new ExistingTable(columns, primaryKey, List.of()));
        return this;
    }

    FakeTableLookup with(TableAddress address, ExistingTable table) {
        tables.put(address, table);
        return this;
    }

    int lookups() {
        return lookups;
    }

    @Override
    public Optional<ExistingTable> find(TableAddress table) {
        lookups++;
        return Optional.ofNullable(tables.get(table));
    }
}
