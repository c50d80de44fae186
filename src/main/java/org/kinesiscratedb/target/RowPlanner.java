package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before any SQL runs, what a batch needs: which rows fit the table, which columns must be added first
 * (with their types), and which records go to the dead-letter table and why. No database access.
 *
 * <p>Within a batch the first non-null value of a new key decides its column's type; later rows whose value does
 * not fit are dead-lettered, so the database never sees conflicting types for a new column.
 */
final class RowPlanner {

    /**
     * A column the batch needs that the table does not have yet.
     *
     * @param needsDdl false for a CrateDB column that exists but is untyped ({@code undefined}): no ALTER, the
     *                 batch's first value types it
     */
    record NewColumn(ColumnPath path, ColumnType type, boolean needsDdl) {
    }

    /**
     * A row ready to bind.
     *
     * @param values the top-level values by column name; keys that are null or have no column are left out
     */
    record PlannedRow(Row row, String messageId, ObjectNode kinesis, Map<String, JsonNode> values) {
    }

    /** A row that cannot be written, and why (the dead letter's reason). */
    record RowRejection(Row row, String reason) {
    }

    /**
     * What a batch needs.
     *
     * @param rows        the rows that fit, in input order
     * @param rejected    the rows to dead-letter, with their reasons
     * @param newColumns  the columns to add before writing, parents before their sub-columns
     * @param columns     the payload columns the rows use, in first-seen order, with their types
     * @param kinesisType the type of the {@code kinesis} column
     */
    record BatchPlan(List<PlannedRow> rows, List<RowRejection> rejected, List<NewColumn> newColumns,
                     Map<String, ColumnType> columns, ColumnType kinesisType) {

        /** The columns that need an ALTER TABLE. */
        List<NewColumn> ddl() {
            return newColumns.stream().filter(NewColumn::needsDdl).toList();
        }

        /** True if writing the batch gives untyped columns their type (the schema snapshot is then stale). */
        boolean typesUntypedColumns() {
            return newColumns.stream().anyMatch(column -> !column.needsDdl());
        }

        /** The statement's columns: the id, {@code kinesis}, then the payload columns. */
        Map<String, ColumnType> statementColumns() {
            Map<String, ColumnType> all = new LinkedHashMap<>();
            all.put(RowLayout.MESSAGE_ID, ColumnType.TEXT);
            all.put(RowLayout.KINESIS, kinesisType);
            all.putAll(columns);
            return all;
        }
    }

    private static final Set<String> OWN_COLUMNS = Set.of(RowLayout.MESSAGE_ID, RowLayout.KINESIS);

    private final Dialect dialect;
    private final Map<String, ColumnType> hints;

    RowPlanner(Dialect dialect) {
        this(dialect, Map.of());
    }

    /**
     * A planner that creates the hinted top-level columns with the hinted type instead of the inferred one.
     *
     * @param columnTypes column name → one of {@link WriterOptions#COLUMN_TYPES}
     */
    RowPlanner(Dialect dialect, Map<String, String> columnTypes) {
        this.dialect = dialect;
        Map<String, ColumnType> types = new LinkedHashMap<>();
        columnTypes.forEach((column, type) -> types.put(column, hintType(type, dialect)));
        this.hints = Map.copyOf(types);
    }

    private static ColumnType hintType(String type, Dialect dialect) {
        return switch (type) {
            case "TIMESTAMP" -> ColumnType.TIMESTAMP;
            case "TEXT" -> ColumnType.TEXT;
            case "BIGINT" -> ColumnType.BIGINT;
            case "DOUBLE" -> ColumnType.DOUBLE;
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "OBJECT" -> dialect.documentType();
            default -> throw new IllegalArgumentException("unknown column type hint " + type + "; allowed: "
                    + WriterOptions.COLUMN_TYPES);
        };
    }

    /**
     * Plans a batch against a table.
     *
     * @param refused columns that could not be added, with the database's reason; rows that need them are rejected
     */
    BatchPlan plan(List<Row> rows, TableSchema schema, Map<ColumnPath, String> refused) {
        Batch batch = new Batch(schema);
        List<Row> accepted = new ArrayList<>();
        List<RowRejection> rejected = new ArrayList<>();
        for (Row row : rows) {
            try {
                checkKeys(row.payload());
                RowScope scope = new RowScope(batch);
                for (Map.Entry<String, JsonNode> field : row.payload().properties()) {
                    scope.visit(ColumnPath.of(field.getKey()), field.getValue());
                }
                scope.commit(refused);
                accepted.add(row);
            } catch (RowRejectedException e) {
                rejected.add(new RowRejection(row, e.getMessage()));
            }
        }
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        List<PlannedRow> planned = new ArrayList<>(accepted.size());
        for (Row row : accepted) {
            planned.add(bindable(row, batch, columns));
        }
        ColumnType kinesisType = schema.type(ColumnPath.of(RowLayout.KINESIS));
        return new BatchPlan(planned, rejected, List.copyOf(batch.added.values()), columns,
                kinesisType == null ? dialect.documentType() : kinesisType);
    }

    private PlannedRow bindable(Row row, Batch batch, Map<String, ColumnType> columns) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : row.payload().properties()) {
            ColumnPath path = ColumnPath.of(field.getKey());
            ColumnType type = batch.known(path);
            if (type == null || field.getValue().isNull()) {
                continue;
            }
            columns.putIfAbsent(field.getKey(), type);
            values.put(field.getKey(), prune(path, field.getValue(), type, batch));
        }
        return new PlannedRow(row, RowLayout.messageId(row.source()), RowLayout.kinesisObject(row.source()), values);
    }

    /**
     * Drops object keys that are null or empty arrays and have no sub-column (CrateDB would invent an untyped
     * sub-column for them inside the write), like a null top-level key creates no column.
     */
    private JsonNode prune(ColumnPath path, JsonNode value, ColumnType type, Batch batch) {
        if (!dialect.typedObjectKeys()) {
            return value;
        }
        if (type.kind() == ColumnType.Kind.OBJECT && value.isObject()) {
            ObjectNode pruned = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                ColumnPath child = path.child(field.getKey());
                ColumnType childType = batch.known(child);
                if (childType != null) {
                    pruned.set(field.getKey(), prune(child, field.getValue(), childType, batch));
                }
            }
            return pruned;
        }
        if (type.kind() == ColumnType.Kind.ARRAY && type.element().kind() == ColumnType.Kind.OBJECT
                && value.isArray()) {
            ArrayNode pruned = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : value) {
                pruned.add(prune(path, element, type.element(), batch));
            }
            return pruned;
        }
        return value;
    }

    // ---- keys ----

    private void checkKeys(ObjectNode payload) throws RowRejectedException {
        for (Map.Entry<String, JsonNode> field : payload.properties()) {
            String key = field.getKey();
            checkKeyText(key, null);
            if (OWN_COLUMNS.contains(key)) {
                throw new RowRejectedException("key " + show(key) + " collides with the relay's own column "
                        + show(key));
            }
            if (dialect.reservedColumnNames().contains(key)) {
                throw new RowRejectedException("key " + show(key) + " is a reserved system column name");
            }
            int bytes = JsonTypes.utf8Length(key);
            if (bytes > dialect.maxIdentifierBytes()) {
                throw new RowRejectedException("key " + show(key) + " is " + bytes + " bytes long; the database "
                        + "allows column names of at most " + dialect.maxIdentifierBytes() + " bytes");
            }
            checkNestedKeys(ColumnPath.of(key), field.getValue());
        }
    }

    private void checkNestedKeys(ColumnPath path, JsonNode value) throws RowRejectedException {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                checkKeyText(field.getKey(), path);
                checkNestedKeys(path.child(field.getKey()), field.getValue());
            }
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                checkNestedKeys(path, element);
            }
        }
    }

    // CrateDB's rules for names, applied on every database so a stream loads the same way everywhere.
    private static void checkKeyText(String key, ColumnPath parent) throws RowRejectedException {
        if (!key.isEmpty() && key.indexOf('.') < 0 && key.indexOf('[') < 0 && key.indexOf('\0') < 0) {
            return; // the common case: nothing to reject, and no error text to build (a hot path)
        }
        String where = parent == null ? "" : " in " + show(parent.toString());
        if (key.isEmpty()) {
            throw new RowRejectedException("empty key" + where + " is not supported as a column name");
        }
        for (String forbidden : List.of(".", "[")) {
            if (key.contains(forbidden)) {
                throw new RowRejectedException("key " + show(key) + where + " contains \"" + forbidden
                        + "\", which CrateDB does not allow in column names");
            }
        }
        if (key.indexOf('\u0000') >= 0) {
            throw new RowRejectedException("key " + show(key) + where + " contains a NUL character");
        }
    }

    private static String show(String name) {
        return TextNode.valueOf(name).toString();
    }

    // ---- values ----

    /** The columns decided so far: the table's, then the ones this batch adds. */
    private final class Batch {
        final TableSchema schema;
        final Map<ColumnPath, NewColumn> added = new LinkedHashMap<>();
        int columnCount;

        Batch(TableSchema schema) {
            this.schema = schema;
            this.columnCount = schema.size();
        }

        ColumnType known(ColumnPath path) {
            ColumnType existing = schema.type(path);
            if (existing != null && !existing.isUntyped()) {
                return existing;
            }
            NewColumn column = added.get(path);
            return column == null ? null : column.type();
        }
    }

    /** One row's walk: the columns it would add stay pending until the whole row fits. */
    private final class RowScope {
        private final Batch batch;
        private final Map<ColumnPath, NewColumn> pending = new LinkedHashMap<>();

        RowScope(Batch batch) {
            this.batch = batch;
        }

        private ColumnType known(ColumnPath path) {
            ColumnType type = batch.known(path);
            if (type != null) {
                return type;
            }
            NewColumn column = pending.get(path);
            return column == null ? null : column.type();
        }

        void visit(ColumnPath path, JsonNode value) throws RowRejectedException {
            if (value == null || value.isNull()) {
                return;
            }
            ColumnType type = known(path);
            if (type == null) {
                JsonTypes.Shape shape;
                try {
                    shape = hinted(path, value);
                    if (shape == null) {
                        shape = JsonTypes.infer(value, dialect, path);
                    }
                } catch (JsonTypes.UntypableException e) {
                    throw new RowRejectedException(e.getMessage());
                }
                if (shape == null) {
                    return;
                }
                addPending(path, shape);
                type = shape.type();
            }
            check(path, value, type);
        }

        /**
         * The shape of a new hinted top-level column, or null without a hint. A value that does not fit the hint is
         * refused by the check that follows, like a value that does not fit an existing column.
         */
        private JsonTypes.Shape hinted(ColumnPath path, JsonNode value) throws JsonTypes.UntypableException {
            ColumnType hint = path.isTopLevel() ? hints.get(path.top()) : null;
            if (hint == null) {
                return null;
            }
            if (hint.equals(dialect.documentType()) && value.isObject() && dialect.typedObjectKeys()) {
                return JsonTypes.infer(value, dialect, path); // the object's keys still need their sub-columns
            }
            return new JsonTypes.Shape(hint, Map.of());
        }

        private void addPending(ColumnPath path, JsonTypes.Shape shape) {
            if (known(path) != null) {
                return;
            }
            pending.put(path, new NewColumn(path, shape.type(), !batch.schema.contains(path)));
            for (Map.Entry<String, JsonTypes.Shape> child : shape.children().entrySet()) {
                addPending(path.child(child.getKey()), child.getValue());
            }
        }

        private void check(ColumnPath path, JsonNode value, ColumnType type) throws RowRejectedException {
            switch (type.kind()) {
                case OBJECT -> {
                    if (!value.isObject()) {
                        throw mismatch(path, type, "value", value);
                    }
                    if (dialect.typedObjectKeys()) {
                        visitFields(path, value);
                    }
                }
                case ARRAY -> {
                    if (!value.isArray()) {
                        throw mismatch(path, type, "value", value);
                    }
                    for (JsonNode element : value) {
                        checkElement(path, element, type);
                    }
                }
                default -> {
                    if (!fits(type, value)) {
                        throw mismatch(path, type, "value", value);
                    }
                    checkTextLength(path, value);
                }
            }
        }

        private void checkElement(ColumnPath path, JsonNode element, ColumnType arrayType)
                throws RowRejectedException {
            if (element.isNull()) {
                return;
            }
            ColumnType elementType = arrayType.element();
            if (elementType.kind() == ColumnType.Kind.OBJECT) {
                if (!element.isObject()) {
                    throw mismatch(path, arrayType, "element", element);
                }
                visitFields(path, element);
                return;
            }
            if (elementType.kind() == ColumnType.Kind.ARRAY || !fits(elementType, element)) {
                throw mismatch(path, arrayType, "element", element);
            }
            checkTextLength(path, element);
        }

        private void visitFields(ColumnPath path, JsonNode object) throws RowRejectedException {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                visit(path.child(field.getKey()), field.getValue());
            }
        }

        private void checkTextLength(ColumnPath path, JsonNode value) throws RowRejectedException {
            int limit = dialect.maxIndexedTextBytes();
            if (value.isTextual() && value.textValue().length() > limit / 3) {
                int bytes = JsonTypes.utf8Length(value.textValue());
                if (bytes > limit) {
                    throw new RowRejectedException("value of " + show(path.toString()) + " is " + bytes
                            + " bytes of UTF-8; the database cannot index text over " + limit + " bytes");
                }
            }
        }

        /** Adds the row's pending columns to the batch, unless they are refused or too many. */
        void commit(Map<ColumnPath, String> refused) throws RowRejectedException {
            int ddl = 0;
            for (NewColumn column : pending.values()) {
                String reason = refusal(column.path(), refused);
                if (reason != null) {
                    throw new RowRejectedException("could not add column " + show(column.path().toString())
                            + ": " + reason);
                }
                ddl += column.needsDdl() ? 1 : 0;
            }
            if (ddl > 0 && batch.columnCount + ddl > dialect.maxColumns()) {
                throw new RowRejectedException("the record would add " + ddl + " column(s) to a table that has "
                        + batch.columnCount + "; the database allows at most " + dialect.maxColumns()
                        + (dialect.typedObjectKeys() ? " (object sub-columns included)" : ""));
            }
            batch.added.putAll(pending);
            batch.columnCount += ddl;
        }

        private String refusal(ColumnPath path, Map<ColumnPath, String> refused) {
            for (ColumnPath p = path; ; p = p.parent()) {
                String reason = refused.get(p);
                if (reason != null || p.isTopLevel()) {
                    return reason;
                }
            }
        }
    }

    /** True if a scalar value fits a column of this (non-object, non-array) type. */
    private static boolean fits(ColumnType type, JsonNode value) {
        return switch (type.kind()) {
            case BIGINT -> JsonTypes.fitsLong(value);
            case INTEGER -> JsonTypes.fitsRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case SMALLINT -> JsonTypes.fitsRange(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case DOUBLE, REAL -> JsonTypes.fitsDouble(value);
            case BOOLEAN -> value.isBoolean();
            case TEXT -> value.isTextual();
            case TIMESTAMP, TIMESTAMP_LOCAL -> JsonTypes.timestamp(value).isPresent();
            case JSON -> value.isObject() || value.isArray();
            case OBJECT -> value.isObject();
            case ARRAY -> value.isArray();
            case UNDEFINED, OTHER -> true;
        };
    }

    private static RowRejectedException mismatch(ColumnPath path, ColumnType type, String what, JsonNode value) {
        return new RowRejectedException("column " + show(path.toString()) + " is " + type.describe() + "; " + what
                + " " + JsonTypes.show(value) + " does not fit");
    }

    /** A row that cannot be written; the message is the dead letter's reason. */
    private static final class RowRejectedException extends Exception {
        private static final long serialVersionUID = 1L;

        RowRejectedException(String message) {
            super(message, null, false, false);
        }
    }
}
