package org.kinesiscratedb.cdc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinesiscratedb.target.ColumnType;

/**
 * What a translator knows about one target table: what the stream taught (key columns and declared types of
 * create-table events, forgotten on drop-table) and what the database has (looked up once, kept up to date by the
 * DDL the translator emits, and forgotten when a write fails so it is read again).
 */
final class TableState {

    final TableAddress address;

    /** Key columns from create-table events. */
    final List<String> learnedKeys = new ArrayList<>();
    /** Column types from create-table events' table definitions, in source order. */
    final Map<String, ColumnType> declared = new LinkedHashMap<>();

    private Boolean exists;
    /** The database's key columns (direct: the primary key; universal: {@code pk}'s keys). */
    final List<String> keys = new ArrayList<>();
    /** The database's types of the key columns, where it lists them. */
    final Map<String, ColumnType> keyTypes = new LinkedHashMap<>();
    /** Declared columns (direct: top level; universal: {@code data}'s sub-columns) and their types. */
    final Map<String, ColumnType> columns = new LinkedHashMap<>();

    TableState(TableAddress address) {
        this.address = address;
    }

    /** True once the database was asked (or the translator created or dropped the table). */
    boolean isKnown() {
        return exists != null;
    }

    boolean exists() {
        return Boolean.TRUE.equals(exists);
    }

    /** The table is not there (looked up, or dropped by an event). */
    void absent() {
        exists = false;
        keys.clear();
        keyTypes.clear();
        columns.clear();
    }

    /** The table is there with these keys and columns (looked up, or created by an event). */
    void present(List<String> keyNames, Map<String, ColumnType> keyColumnTypes,
            Map<String, ColumnType> declaredColumns) {
        absent();
        exists = true;
        keys.addAll(keyNames);
        keyTypes.putAll(keyColumnTypes);
        columns.putAll(declaredColumns);
    }

    /** Asks the database again before the next event of this table. */
    void forgetDatabase() {
        absent();
        exists = null;
    }

    /** A drop-table event: the stream's knowledge starts afresh too. */
    void dropped() {
        learnedKeys.clear();
        declared.clear();
        absent();
    }
}
