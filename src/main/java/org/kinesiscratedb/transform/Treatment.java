package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code treatment} clean-ups, applied to every object of a record at any depth (inside lists too), in tikray's
 * order: {@code ignore_field}, {@code normalize_complex_lists}, {@code convert_list}, {@code convert_string},
 * {@code convert_dict}, {@code prune_invalid_date}; then the object's values are treated in turn. Keys are matched
 * by name at any depth. A null value is left alone by the conversions (it creates no column anyway).
 *
 * <ul>
 * <li>{@code ignore_field}: the keys are removed.</li>
 * <li>{@code normalize_complex_lists}: in a list whose members are objects (nulls aside), every object gets the
 * union of the keys (a missing one as null); and, as in tikray, a key whose values have several types is made
 * uniform: to text if any value is text ({@code builtins.str}), to float if they are integers and floats.</li>
 * <li>{@code convert_list}: a value that is not a list becomes a one-element list.</li>
 * <li>{@code convert_string}: a value that is not text becomes its JSON text ({@code 42} → {@code "42"},
 * {@code {"a":1}} → {@code "{\"a\":1}"}; tikray prints Python's {@code str} of it).</li>
 * <li>{@code convert_dict}: a value that is not an object becomes {@code {wrapper_name: value}}.</li>
 * <li>{@code prune_invalid_date}: the key is removed unless its value is a point in time as {@code to_datetime}
 * reads it (tikray's rule is specific to MongoDB's {@code {"$date": ...}}).</li>
 * </ul>
 *
 * @param ignoreField           keys to remove
 * @param convertList           keys whose values become lists
 * @param convertString         keys whose values become text
 * @param convertDict           key → wrapper key, for values that become objects
 * @param normalizeComplexLists whether lists of objects are made uniform
 * @param pruneInvalidDate      keys to remove unless they hold a date
 */
record Treatment(List<String> ignoreField, List<String> convertList, List<String> convertString,
                 Map<String, String> convertDict, boolean normalizeComplexLists, List<String> pruneInvalidDate) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The kinds of values that list normalization tells apart. */
    private enum Kind { TEXT, INTEGER, FLOAT, BOOLEAN, OBJECT, LIST }

    Treatment {
        ignoreField = List.copyOf(ignoreField);
        convertList = List.copyOf(convertList);
        convertString = List.copyOf(convertString);
        convertDict = Collections.unmodifiableMap(new LinkedHashMap<>(convertDict));
        pruneInvalidDate = List.copyOf(pruneInvalidDate);
    }

    boolean isEmpty() {
        return ignoreField.isEmpty() && convertList.isEmpty() && convertString.isEmpty() && convertDict.isEmpty()
                && !normalizeComplexLists && pruneInvalidDate.isEmpty();
    }

    /** Treats a value and everything in it, in place. */
    void apply(JsonNode value) {
        if (value instanceof ObjectNode object) {
            applyToObject(object);
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                apply(field.getValue());
            }
        } else if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                apply(element);
            }
        }
    }

    private void applyToObject(ObjectNode object) {
        for (String key : ignoreField) {
            object.remove(key);
        }
        if (normalizeComplexLists) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue() instanceof ArrayNode list && isListOfObjects(list)) {
                    normalize(list);
                }
            }
        }
        for (String key : convertList) {
            JsonNode value = object.get(key);
            if (value != null && !value.isNull() && !value.isArray()) {
                object.set(key, NODES.arrayNode().add(value));
            }
        }
        for (String key : convertString) {
            JsonNode value = object.get(key);
            if (value != null && !value.isNull() && !value.isTextual()) {
                object.set(key, TextNode.valueOf(value.toString()));
            }
        }
        for (Map.Entry<String, String> rule : convertDict.entrySet()) {
            JsonNode value = object.get(rule.getKey());
            if (value != null && !value.isNull() && !value.isObject()) {
                object.set(rule.getKey(), NODES.objectNode().set(rule.getValue(), value));
            }
        }
        for (String key : pruneInvalidDate) {
            JsonNode value = object.get(key);
            if (value != null && DateTimes.parse(value).isEmpty()) {
                object.remove(key);
            }
        }
    }

    private static boolean isListOfObjects(ArrayNode list) {
        boolean anObject = false;
        for (JsonNode element : list) {
            if (element.isObject()) {
                anObject = true;
            } else if (!element.isNull()) {
                return false;
            }
        }
        return anObject;
    }

    private static void normalize(ArrayNode list) {
        List<ObjectNode> objects = new ArrayList<>();
        Map<String, Set<Kind>> kinds = new LinkedHashMap<>();
        for (JsonNode element : list) {
            if (element instanceof ObjectNode object) {
                objects.add(object);
                for (Map.Entry<String, JsonNode> field : object.properties()) {
                    Set<Kind> seen = kinds.computeIfAbsent(field.getKey(), key -> EnumSet.noneOf(Kind.class));
                    if (!field.getValue().isNull()) {
                        seen.add(kind(field.getValue()));
                    }
                }
            }
        }
        for (ObjectNode object : objects) {
            for (Map.Entry<String, Set<Kind>> key : kinds.entrySet()) {
                JsonNode value = object.get(key.getKey());
                if (value == null) {
                    object.set(key.getKey(), NullNode.getInstance());
                } else if (!value.isNull() && key.getValue().size() > 1) {
                    object.set(key.getKey(), uniform(value, key.getValue()));
                }
            }
        }
    }

    private static JsonNode uniform(JsonNode value, Set<Kind> kinds) {
        if (kinds.contains(Kind.TEXT)) {
            return value.isTextual() ? value : TextNode.valueOf(Converters.str(value));
        }
        if (kinds.equals(EnumSet.of(Kind.INTEGER, Kind.FLOAT)) && value.isIntegralNumber()) {
            return DoubleNode.valueOf(value.doubleValue());
        }
        return value;
    }

    private static Kind kind(JsonNode value) {
        if (value.isTextual()) {
            return Kind.TEXT;
        }
        if (value.isIntegralNumber()) {
            return Kind.INTEGER;
        }
        if (value.isNumber()) {
            return Kind.FLOAT;
        }
        if (value.isBoolean()) {
            return Kind.BOOLEAN;
        }
        return value.isObject() ? Kind.OBJECT : Kind.LIST;
    }
}
