package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * Translates AWS DMS events (compat.md section 2) into the SQL that applies them to the target, in the direct or
 * universal layout the recipe asks for. Beyond the original it: recovers primary keys from the existing table
 * (so updates and deletes work after a restart), declares every column's type from the DMS table definition (or
 * from the first value, before writing it), creates a table that a DML event needs and nobody created, rejects a
 * key-less update or delete instead of writing {@code WHERE ;}, and turns a key change into delete + insert using
 * {@code before-image}.
 *
 * <p>Stateful (what it learnt about each table) and safe for concurrent use: calls are serialized.
 */
public final class DmsTranslator implements CdcWriter.Translator {

    /** The original's message for an update or delete on a table without known key columns. */
    public static final String NO_KEY = "Unable to invoke DML operation without primary key information";

    private final DmsRecipe recipe;
    private final String targetSchema;
    private final Dialect dialect;
    private final TableLookup lookup;
    private final DirectLayout direct;
    private final UniversalLayout universal;
    private final Map<TableAddress, TableState> tables = new HashMap<>();
    // Filled without the translator's lock: a writer that holds a connection must never wait for a translation
    // that waits for a connection.
    private final Set<TableAddress> stale = ConcurrentHashMap.newKeySet();

    /**
     * @param recipe       the transformation file ({@link DmsRecipe#empty()} if none)
     * @param targetSchema the schema of the target URL: every event's schema is replaced by it, except that DMS's
     *                     own tables ({@code awsdms_*}) go to schema {@code dms}
     * @param lookup       reads tables that the translator has not seen yet
     */
    public DmsTranslator(DmsRecipe recipe, String targetSchema, Dialect dialect, TableLookup lookup) {
        this.recipe = Objects.requireNonNull(recipe, "recipe");
        this.targetSchema = Objects.requireNonNull(targetSchema, "targetSchema");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.direct = new DirectLayout(dialect);
        this.universal = new UniversalLayout(dialect);
    }

    /**
     * The statements for one record's bytes: a DMS event as JSON, or a Lambda-style wrapper around one.
     *
     * @throws UntranslatableEventException if the event cannot be applied; its message is the reason
     * @throws SQLException                 if a table lookup failed: retry
     */
    public synchronized List<SqlOperation> translate(byte[] record) throws UntranslatableEventException,
            SQLException {
        return translate(EventEnvelope.read(record));
    }

    /**
     * The statements for one DMS event, in the order they must run (DDL a DML statement needs comes first).
     * Empty if the event changes nothing (DDL with {@code ignore_ddl}, a delete on a missing table).
     *
     * @throws UntranslatableEventException if the event cannot be applied; its message is the reason
     * @throws SQLException                 if a table lookup failed: retry
     */
    public synchronized List<SqlOperation> translate(JsonNode event) throws UntranslatableEventException,
            SQLException {
        forgetStale();
        DmsEvent dms = DmsEvent.of(event);
        // DmsEvent put DMS's own tables into schema dms; every other table goes to the target's schema.
        TableAddress address = new TableAddress(dms.table().startsWith(DmsEvent.DMS_TABLE_PREFIX)
                ? DmsEvent.DMS_SCHEMA : targetSchema, dms.table());
        DmsCollection settings = recipe.collection(address);
        Layout layout = settings.strategy() == MappingStrategy.UNIVERSAL ? universal : direct;
        TableState state = tables.computeIfAbsent(address, TableState::new);
        return switch (dms.operation()) {
            case "create-table" -> settings.ignoreDdl() ? List.of() : createTable(dms, settings, layout, state);
            case "drop-table" -> settings.ignoreDdl() ? List.of() : dropTable(state);
            case "load", "insert" -> insert(dms, settings, layout, state);
            case "update" -> update(dms, settings, layout, state);
            case "delete" -> delete(dms, settings, layout, state);
            default -> throw new UntranslatableEventException("DMS CDC event operation unknown: " + dms.operation());
        };
    }

    /** Forgets what the database has for a table (a write failed): the next event reads it again. */
    public void forget(TableAddress table) {
        stale.add(table);
    }

    private void forgetStale() {
        for (TableAddress table : stale) {
            stale.remove(table);
            TableState state = tables.get(table);
            if (state != null) {
                state.forgetDatabase();
            }
        }
    }

    // ---- operations ----

    private List<SqlOperation> createTable(DmsEvent dms, DmsCollection settings, Layout layout, TableState state)
            throws UntranslatableEventException, SQLException {
        for (String key : dms.primaryKey()) {
            if (!state.learnedKeys.contains(key)) {
                state.learnedKeys.add(key);
            }
        }
        dms.columns().forEach((column, dmsType) -> state.declared.put(column,
                settings.mapColumns().contains(column) ? dialect.documentType() : CdcTypes.fromDms(dmsType, dialect)));
        lookUp(state, layout);
        List<String> keys = keys(settings, state);
        if (!state.exists()) {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            for (String column : state.declared.keySet()) {
                columns.put(column, keys.contains(column) ? keyType(settings, state, column, null)
                        : state.declared.get(column));
            }
            for (String key : keys) {
                columns.putIfAbsent(key, keyType(settings, state, key, null));
            }
            return layout.create(state, keys, columns);
        }
        List<SqlOperation> operations = new ArrayList<>();
        if (layout.declaresColumns()) {
            for (Map.Entry<String, ColumnType> column : state.declared.entrySet()) {
                boolean declarable = layout.strategy() == MappingStrategy.DIRECT || !keys.contains(column.getKey());
                if (declarable && !state.columns.containsKey(column.getKey())) {
                    operations.add(layout.addColumn(state.address, column.getKey(), column.getValue()));
                    state.columns.put(column.getKey(), column.getValue());
                }
            }
        }
        return operations;
    }

    private List<SqlOperation> dropTable(TableState state) {
        state.dropped();
        return List.of(SqlOperation.ddl("DROP TABLE IF EXISTS " + state.address.qualified(dialect), state.address));
    }

    private List<SqlOperation> insert(DmsEvent dms, DmsCollection settings, Layout layout, TableState state)
            throws UntranslatableEventException, SQLException {
        lookUp(state, layout);
        Row row = row(dms.data(), settings, keys(settings, state));
        List<SqlOperation> operations = ensureTable(settings, layout, state, row);
        operations.add(layout.insert(state, row));
        return operations;
    }

    private List<SqlOperation> update(DmsEvent dms, DmsCollection settings, Layout layout, TableState state)
            throws UntranslatableEventException, SQLException {
        lookUp(state, layout);
        List<String> keys = requireKeys(settings, state);
        Row after = row(dms.data(), settings, keys);
        Row before = row(dms.beforeImage(), settings, keys);
        Map<String, JsonNode> oldKey = Layout.present(before.keyValues());
        Map<String, JsonNode> newKey = Layout.present(after.keyValues());
        if (oldKey.size() == keys.size() && newKey.size() == keys.size() && !sameValues(oldKey, newKey)) {
            // CrateDB cannot update a primary key: delete the old row, insert the full after-image.
            List<SqlOperation> operations = new ArrayList<>();
            if (state.exists()) {
                operations.add(layout.delete(state, keys, oldKey));
            }
            operations.addAll(ensureTable(settings, layout, state, after));
            operations.add(layout.insert(state, after));
            return operations;
        }
        Map<String, JsonNode> where = new LinkedHashMap<>(newKey);
        where.putAll(oldKey);
        if (where.isEmpty()) {
            throw allKeysNull(keys);
        }
        List<SqlOperation> operations = ensureTable(settings, layout, state, after);
        layout.update(state, after, where).ifPresent(operations::add);
        return operations;
    }

    private List<SqlOperation> delete(DmsEvent dms, DmsCollection settings, Layout layout, TableState state)
            throws UntranslatableEventException, SQLException {
        lookUp(state, layout);
        List<String> keys = requireKeys(settings, state);
        Map<String, JsonNode> where = Layout.present(row(dms.data(), settings, keys).keyValues());
        if (where.isEmpty()) {
            where = Layout.present(row(dms.beforeImage(), settings, keys).keyValues());
        }
        if (where.isEmpty()) {
            throw allKeysNull(keys);
        }
        return state.exists() ? List.of(layout.delete(state, keys, where)) : List.of();
    }

    // ---- tables ----

    private void lookUp(TableState state, Layout layout) throws SQLException, UntranslatableEventException {
        if (state.isKnown()) {
            return;
        }
        Optional<ExistingTable> existing = lookup.find(state.address);
        if (existing.isPresent()) {
            layout.adopt(state, existing.get());
        } else {
            state.absent();
        }
    }

    /** Creates the table if missing, or declares the row's new columns, before the row is written. */
    private List<SqlOperation> ensureTable(DmsCollection settings, Layout layout, TableState state, Row row) {
        if (!state.exists()) {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            for (String key : row.keys()) {
                columns.put(key, keyType(settings, state, key, row.columns().get(key)));
            }
            for (Map.Entry<String, JsonNode> column : layout.declarable(row).entrySet()) {
                columnType(settings, layout, state, column.getKey(), column.getValue())
                        .ifPresent(type -> columns.putIfAbsent(column.getKey(), type));
            }
            List<String> ordered = new ArrayList<>(row.columns().keySet());
            Map<String, ColumnType> inRowOrder = new LinkedHashMap<>();
            ordered.stream().filter(columns::containsKey).forEach(name -> inRowOrder.put(name, columns.get(name)));
            columns.forEach(inRowOrder::putIfAbsent);
            return new ArrayList<>(layout.create(state, row.keys(), inRowOrder));
        }
        List<SqlOperation> operations = new ArrayList<>();
        if (layout.declaresColumns()) {
            for (Map.Entry<String, JsonNode> column : layout.declarable(row).entrySet()) {
                if (state.columns.containsKey(column.getKey())) {
                    continue;
                }
                Optional<ColumnType> type = row.keys().contains(column.getKey())
                        ? Optional.of(keyType(settings, state, column.getKey(), column.getValue()))
                        : columnType(settings, layout, state, column.getKey(), column.getValue());
                if (type.isPresent()) {
                    operations.add(layout.addColumn(state.address, column.getKey(), type.get()));
                    state.columns.put(column.getKey(), type.get());
                }
            }
        }
        return operations;
    }

    /**
     * The type to declare for a non-key column: from the table definition, a map rule, or the value. Empty for a
     * null nobody declared: the direct layout makes it TEXT (as the original), the universal one leaves it out.
     */
    private Optional<ColumnType> columnType(DmsCollection settings, Layout layout, TableState state, String column,
            JsonNode value) {
        ColumnType declared = state.declared.get(column);
        if (declared != null) {
            return Optional.of(declared);
        }
        if (settings.mapColumns().contains(column)) {
            return Optional.of(dialect.documentType());
        }
        Optional<ColumnType> guessed = CdcTypes.infer(value, dialect);
        if (guessed.isEmpty() && layout.strategy() == MappingStrategy.DIRECT) {
            return Optional.of(ColumnType.TEXT);
        }
        return guessed;
    }

    /** A key column's type: the recipe's, the table definition's, a guess from the value, else TEXT. */
    private ColumnType keyType(DmsCollection settings, TableState state, String key, JsonNode value) {
        for (DmsCollection.KeyRule rule : settings.primaryKey()) {
            if (rule.column().equals(key) && rule.type() != null) {
                return CdcTypes.fromSqlName(rule.type(), dialect);
            }
        }
        ColumnType known = state.keyTypes.get(key);
        if (known != null) {
            return known;
        }
        ColumnType declared = state.declared.get(key);
        if (declared != null) {
            return declared;
        }
        return CdcTypes.infer(value, dialect).orElse(ColumnType.TEXT);
    }

    /** Key columns: the recipe's, then those of create-table events, then the database's. */
    private static List<String> keys(DmsCollection settings, TableState state) {
        Set<String> keys = new LinkedHashSet<>(settings.keyColumns());
        keys.addAll(state.learnedKeys);
        keys.addAll(state.keys);
        return List.copyOf(keys);
    }

    private static List<String> requireKeys(DmsCollection settings, TableState state)
            throws UntranslatableEventException {
        List<String> keys = keys(settings, state);
        if (keys.isEmpty()) {
            throw new UntranslatableEventException(NO_KEY);
        }
        return keys;
    }

    private static UntranslatableEventException allKeysNull(List<String> keys) {
        return new UntranslatableEventException("Unable to invoke DML operation without primary key values: the "
                + "key column(s) " + keys + " are null or missing in data and before-image");
    }

    /** The image's columns, with map-rule columns decoded from JSON text. */
    private static Row row(ObjectNode image, DmsCollection settings, List<String> keys)
            throws UntranslatableEventException {
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            JsonNode value = column.getValue();
            if (settings.mapColumns().contains(column.getKey()) && value.isTextual()) {
                try {
                    value = Json.MAPPER.readTree(value.textValue());
                } catch (JsonProcessingException e) {
                    throw new UntranslatableEventException("Column \"" + column.getKey() + "\": the map rule "
                            + "expects JSON text, but it is not JSON: " + e.getOriginalMessage());
                }
            }
            columns.put(column.getKey(), value);
        }
        return new Row(keys, columns);
    }

    /** Equal key values; numbers by value ({@code 1} equals {@code 1.0}). */
    private static boolean sameValues(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        for (Map.Entry<String, JsonNode> entry : a.entrySet()) {
            JsonNode other = b.get(entry.getKey());
            JsonNode value = entry.getValue();
            boolean same = value.isNumber() && other != null && other.isNumber()
                    ? value.decimalValue().compareTo(other.decimalValue()) == 0 : value.equals(other);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
