package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * Translates DynamoDB Streams records (compat.md section 2.4) into SQL on one table in the universal layout:
 * {@code INSERT} inserts (a replay does nothing), {@code MODIFY} replaces {@code data} and {@code aux} of the item,
 * {@code REMOVE} deletes it. The table is created from the first event's {@code Keys} if it does not exist; new
 * attributes are declared with a type before they are written (where the database types object keys).
 *
 * <p>Stateful (what it knows of the table) and safe for concurrent use: calls are serialized.
 */
public final class DynamoDbTranslator implements CdcWriter.Translator {

    private final Dialect dialect;
    private final TableLookup lookup;
    private final UniversalLayout layout;
    private final TableState state;
    private final AtomicBoolean stale = new AtomicBoolean();

    /**
     * @param table  the target table (from the target URL)
     * @param lookup reads the table once, before the first event
     */
    public DynamoDbTranslator(TableAddress table, Dialect dialect, TableLookup lookup) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.layout = new UniversalLayout(dialect);
        this.state = new TableState(Objects.requireNonNull(table, "table"));
    }

    /** The target table. */
    public TableAddress table() {
        return state.address;
    }

    /**
     * The statements for one record's bytes: a DynamoDB Streams record as JSON (as Kinesis Data Streams for
     * DynamoDB writes it), or a Lambda-style wrapper around one.
     *
     * @throws UntranslatableEventException if the record cannot be applied; its message is the reason
     * @throws SQLException                 if the table lookup failed: retry
     */
    public synchronized List<SqlOperation> translate(byte[] record) throws UntranslatableEventException,
            SQLException {
        return translate(EventEnvelope.read(record));
    }

    /** As {@link #translate(byte[])} for a parsed record. */
    public synchronized List<SqlOperation> translate(JsonNode event) throws UntranslatableEventException,
            SQLException {
        if (stale.getAndSet(false)) {
            state.forgetDatabase();
        }
        JsonNode source = event.path("eventSource");
        if (!"aws:dynamodb".equals(source.asText(null))) {
            throw new UntranslatableEventException("Unknown eventSource: "
                    + (source.isMissingNode() || source.isNull() ? "None" : source.asText()));
        }
        String name = event.path("eventName").asText("");
        JsonNode dynamodb = event.path("dynamodb");
        DynamoDbJson.Item keys = DynamoDbJson.item(dynamodb.path("Keys"), "dynamodb.Keys", dialect);
        if (keys.typed().isEmpty()) {
            throw new UntranslatableEventException("DynamoDB CDC event without dynamodb.Keys");
        }
        if (!state.isKnown()) {
            Optional<ExistingTable> existing = lookup.find(state.address);
            if (existing.isPresent()) {
                layout.adopt(state, existing.get());
            } else {
                state.absent();
            }
        }
        List<String> keyNames = List.copyOf(keys.typed().keySet());
        return switch (name) {
            case "INSERT", "MODIFY" -> {
                DynamoDbJson.Item image = image(dynamodb, name);
                Row row = row(keyNames, keys, image);
                List<SqlOperation> operations = ensureTable(row, keys, image);
                operations.add(name.equals("INSERT") ? layout.insert(state, row) : layout.replace(state, row));
                yield operations;
            }
            case "REMOVE" -> state.exists() ? List.of(layout.delete(state, keyNames, keys.typed())) : List.of();
            default -> throw new UntranslatableEventException("Unknown CDC event name: " + name);
        };
    }

    /** Forgets what the database has (a write failed): the next event reads the table again. */
    public void forget(TableAddress table) {
        if (state.address.equals(table)) {
            stale.set(true);
        }
    }

    private DynamoDbJson.Item image(JsonNode dynamodb, String eventName) throws UntranslatableEventException {
        JsonNode image = dynamodb.path("NewImage");
        if (image.isMissingNode()) {
            throw new UntranslatableEventException(eventName + " event without dynamodb.NewImage: the stream's view "
                    + "type must include new images (NEW_IMAGE or NEW_AND_OLD_IMAGES)");
        }
        return DynamoDbJson.item(image, "dynamodb.NewImage", dialect);
    }

    private static Row row(List<String> keyNames, DynamoDbJson.Item keys, DynamoDbJson.Item image) {
        Map<String, JsonNode> columns = new LinkedHashMap<>(keys.typed());
        image.typed().forEach((name, value) -> {
            if (!keys.typed().containsKey(name)) {
                columns.put(name, value);
            }
        });
        return new Row(keyNames, columns, image.untyped());
    }

    /** Creates the table from the event's keys if missing; declares the attributes it has not seen. */
    private List<SqlOperation> ensureTable(Row row, DynamoDbJson.Item keys, DynamoDbJson.Item image)
            throws UntranslatableEventException {
        if (!state.exists()) {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            keys.typed().forEach((key, value) -> columns.put(key, DynamoDbJson.keyType(value)));
            image.types().forEach(columns::putIfAbsent);
            return new ArrayList<>(layout.create(state, row.keys(), columns));
        }
        if (!state.keys.isEmpty() && !Set.copyOf(state.keys).equals(Set.copyOf(row.keys()))) {
            throw new UntranslatableEventException("Table " + state.address.qualified(dialect) + " has the key "
                    + state.keys + ", the event has the key " + row.keys());
        }
        List<SqlOperation> operations = new ArrayList<>();
        if (layout.declaresColumns()) {
            for (Map.Entry<String, ColumnType> column : image.types().entrySet()) {
                if (!row.keys().contains(column.getKey()) && !state.columns.containsKey(column.getKey())) {
                    operations.add(layout.addColumn(state.address, column.getKey(), column.getValue()));
                    state.columns.put(column.getKey(), column.getValue());
                }
            }
        }
        return operations;
    }
}
