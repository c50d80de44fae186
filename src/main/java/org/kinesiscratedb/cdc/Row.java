package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row image as an event gives it, with the table's key columns named.
 *
 * @param keys    the key column names, in key order
 * @param columns every column of the image (keys included), in event order
 * @param aux     values for the universal layout's {@code aux} column (values no typed column can hold)
 */
record Row(List<String> keys, Map<String, JsonNode> columns, Map<String, JsonNode> aux) {

    Row {
        keys = List.copyOf(keys);
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        aux = Collections.unmodifiableMap(new LinkedHashMap<>(aux));
    }

    Row(List<String> keys, Map<String, JsonNode> columns) {
        this(keys, columns, Map.of());
    }

    /** The key columns and their values (null where the image lacks one), in key order. */
    Map<String, JsonNode> keyValues() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String key : keys) {
            values.put(key, columns.getOrDefault(key, NullNode.instance));
        }
        return values;
    }

    /** The columns that are not key columns, in event order. */
    Map<String, JsonNode> values() {
        Map<String, JsonNode> values = new LinkedHashMap<>(columns);
        keys.forEach(values::remove);
        return values;
    }
}
