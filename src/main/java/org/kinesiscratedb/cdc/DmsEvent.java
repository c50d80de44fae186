package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a DMS event (compat.md section 2.1) that the translator uses, checked with the original's messages.
 *
 * @param operation   {@code metadata.operation}
 * @param schema      {@code metadata.schema-name} as sent (before the target's override)
 * @param table       {@code metadata.table-name}
 * @param data        the row image ({@code data}), an object (empty if absent)
 * @param beforeImage {@code before-image}, an object (empty if absent)
 * @param columns     {@code control.table-def.columns}: column name to DMS type name, in order
 * @param primaryKey  {@code control.table-def.primary-key}
 */
record DmsEvent(String operation, String schema, String table, ObjectNode data, ObjectNode beforeImage,
                Map<String, String> columns, List<String> primaryKey) {

    /** DMS's own tables ({@code awsdms_apply_exceptions}, ...) go to this schema, whatever the target's is. */
    static final String DMS_SCHEMA = "dms";
    static final String DMS_TABLE_PREFIX = "awsdms_";

    static final String NOT_DMS = "Record not in DMS format: metadata and/or operation is missing";

    /**
     * Reads a DMS event.
     *
     * @throws UntranslatableEventException with the original's messages, if metadata, operation, schema or table
     *                                      is missing
     */
    static DmsEvent of(JsonNode event) throws UntranslatableEventException {
        JsonNode metadata = event.path("metadata");
        String operation = text(metadata.path("operation"));
        if (!metadata.isObject() || metadata.isEmpty() || operation == null || operation.isEmpty()) {
            throw new UntranslatableEventException(NOT_DMS);
        }
        String schema = text(metadata.path("schema-name"));
        String table = text(metadata.path("table-name"));
        if (table != null && table.startsWith(DMS_TABLE_PREFIX)) {
            schema = DMS_SCHEMA;
        }
        if (schema == null || schema.isEmpty() || table == null || table.isEmpty()) {
            throw new UntranslatableEventException("Schema or table name missing or empty: schema="
                    + pythonic(schema) + ", table=" + pythonic(table));
        }
        JsonNode tableDef = event.path("control").path("table-def");
        Map<String, String> columns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tableDef.path("columns").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            columns.put(column.getKey(), text(column.getValue().path("type")));
        }
        List<String> primaryKey = new ArrayList<>();
        for (JsonNode key : tableDef.path("primary-key")) {
            if (key.isTextual() && !primaryKey.contains(key.textValue())) {
                primaryKey.add(key.textValue());
            }
        }
        return new DmsEvent(operation, schema, table, object(event.path("data")), object(event.path("before-image")),
                columns, List.copyOf(primaryKey));
    }

    private static ObjectNode object(JsonNode node) {
        return node.isObject() ? ((ObjectNode) node).deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** Python prints a missing name as None; the message stays the original's. */
    private static String pythonic(String name) {
        return name == null ? "None" : name;
    }
}
