package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The jq functions tikray adds to every jq rule ({@code function.jq} in tikray), so that files written for
 * cratedb-toolkit run unchanged: {@code to_array}, {@code to_object(options)}, {@code is_array_of_objects},
 * {@code del_array_of_objects}, {@code prune_array_of_objects}, {@code prune_null}; plus jq built-ins that
 * jackson-jq lacks: {@code todate}, {@code fromdate}, {@code toarray}. Written in Java because jackson-jq cannot load
 * jq definitions into a shared scope, and its jq lacks 1.7's {@code if} without {@code else} that tikray's
 * definitions use.
 */
final class TikrayJqFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TikrayJqFunctions() {
    }

    /** Adds the functions to a root scope that has jackson-jq's built-ins loaded already. */
    static void register(Scope scope) {
        // jq's short names for the ISO-8601 date functions, and jq 1.7.1's toarray, which jackson-jq lacks.
        scope.addFunction("todate", 0, scope.getFunction("todateiso8601", 0));
        scope.addFunction("fromdate", 0, scope.getFunction("fromdateiso8601", 0));
        // to_array: the value if it is an array, else [value].
        Function toArray = (s, args, in, path, output, version) ->
                output.emit(in.isArray() ? in : NODES.arrayNode().add(in), null);
        scope.addFunction("to_array", 0, toArray);
        scope.addFunction("toarray", 0, toArray);
        // to_object({key: k, zap: z}): objects stay; a truthy value becomes {k: value}; with zap, nulls are dropped.
        scope.addFunction("to_object", 1, (Function) (s, args, in, path, output, version) ->
                args.get(0).apply(s, in, options -> {
                    JsonNode result = in;
                    if (!in.isObject() && jqTruthy(in)) {
                        JsonNode key = options.get("key");
                        if (key == null || !key.isTextual()) {
                            throw new JsonQueryException("Object keys must be strings");
                        }
                        result = NODES.objectNode().set(key.textValue(), in);
                    }
                    JsonNode zap = options.get("zap");
                    if (!(zap != null && jqTruthy(zap) && result.isNull())) {
                        output.emit(result, null);
                    }
                }));
        scope.addFunction("is_array_of_objects", 0, (Function) (s, args, in, path, output, version) ->
                output.emit(BooleanNode.valueOf(isArrayOfObjects(in)), null));
        // del(.) gives null in jq.
        scope.addFunction("del_array_of_objects", 0, (Function) (s, args, in, path, output, version) ->
                output.emit(isArrayOfObjects(in) ? NullNode.getInstance() : in, null));
        scope.addFunction("prune_array_of_objects", 0, (Function) (s, args, in, path, output, version) ->
                output.emit(pruneArraysOfObjects(in), null));
        scope.addFunction("prune_null", 0, (Function) (s, args, in, path, output, version) -> {
            if (!in.isNull()) {
                output.emit(pruneNull(in), null);
            }
        });
    }

    private static boolean jqTruthy(JsonNode value) {
        return !value.isNull() && !(value.isBoolean() && !value.booleanValue());
    }

    private static boolean isArrayOfObjects(JsonNode value) {
        return value.isArray() && value.size() > 0 && value.get(0).isObject();
    }

    // walk(del_array_of_objects): bottom-up, so an array of objects becomes null even after its members changed.
    private static JsonNode pruneArraysOfObjects(JsonNode value) {
        if (value.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                copy.set(field.getKey(), pruneArraysOfObjects(field.getValue()));
            }
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            for (JsonNode element : value) {
                copy.add(pruneArraysOfObjects(element));
            }
            return isArrayOfObjects(copy) ? NullNode.getInstance() : copy;
        }
        return value;
    }

    // walk(values) in jq 1.7: null members of objects and arrays disappear, at every depth.
    private static JsonNode pruneNull(JsonNode value) {
        if (value.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), pruneNull(field.getValue()));
                }
            }
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            for (JsonNode element : value) {
                if (!element.isNull()) {
                    copy.add(pruneNull(element));
                }
            }
            return copy;
        }
        return value;
    }
}
