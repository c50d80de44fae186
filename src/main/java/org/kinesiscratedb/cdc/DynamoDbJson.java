package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * Decodes DynamoDB JSON ({@code {"S": "x"}}, {@code {"N": "1.5"}}, {@code {"M": {...}}}, ...) into plain JSON, and
 * tells the column type each top-level attribute should get. Numbers keep every digit (BigDecimal); sets become
 * arrays; binary values stay base64 text.
 */
final class DynamoDbJson {

    /**
     * An item's attributes.
     *
     * @param typed   attributes for {@code data}, in item order
     * @param untyped lists whose items have different types: only {@code aux} can hold them
     * @param types   the type to declare for an attribute of {@code typed}, where one is safe
     */
    record Item(Map<String, JsonNode> typed, Map<String, JsonNode> untyped, Map<String, ColumnType> types) {
    }

    private DynamoDbJson() {
    }

    /**
     * Decodes an item (an object of attribute values).
     *
     * @throws UntranslatableEventException if it is not DynamoDB JSON
     */
    static Item item(JsonNode attributes, String what, Dialect dialect) throws UntranslatableEventException {
        if (!attributes.isObject()) {
            throw new UntranslatableEventException(what + " is not an object of DynamoDB attribute values");
        }
        Map<String, JsonNode> typed = new LinkedHashMap<>();
        Map<String, JsonNode> untyped = new LinkedHashMap<>();
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            String name = attribute.getKey();
            JsonNode value = attribute.getValue();
            JsonNode decoded = decode(value, what + "." + name);
            if ("L".equals(typeOf(value)) && isVaried(value.get("L"))) {
                untyped.put(name, decoded);
                continue;
            }
            typed.put(name, decoded);
            columnType(value, dialect).ifPresent(type -> types.put(name, type));
        }
        return new Item(typed, untyped, types);
    }

    /** The type of a key attribute: S and B text, N BIGINT when whole, else DOUBLE PRECISION. */
    static ColumnType keyType(JsonNode decoded) {
        if (decoded.isNumber()) {
            return Values.isIntegral(decoded) ? ColumnType.BIGINT : ColumnType.DOUBLE;
        }
        return ColumnType.TEXT;
    }

    /** One attribute value as plain JSON. */
    static JsonNode decode(JsonNode value, String where) throws UntranslatableEventException {
        String type = typeOf(value);
        if (type == null) {
            throw new UntranslatableEventException(where + ": not a DynamoDB attribute value (one of S, N, B, BOOL, "
                    + "NULL, M, L, SS, NS, BS): " + Values.json(value));
        }
        JsonNode content = value.get(type);
        return switch (type) {
            case "S", "B" -> TextNode.valueOf(content.asText());
            case "N" -> number(content.asText(), where);
            case "BOOL" -> BooleanNode.valueOf(content.isBoolean() ? content.booleanValue()
                    : Boolean.parseBoolean(content.asText()));
            case "NULL" -> NullNode.instance;
            case "M" -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    object.set(field.getKey(), decode(field.getValue(), where + "." + field.getKey()));
                }
                yield object;
            }
            case "L" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : content) {
                    array.add(decode(item, where + "[]"));
                }
                yield array;
            }
            case "SS", "BS" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                content.forEach(item -> array.add(item.asText()));
                yield array;
            }
            case "NS" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : content) {
                    array.add(number(item.asText(), where + "[]"));
                }
                yield array;
            }
            default -> throw new IllegalStateException(type);
        };
    }

    private static JsonNode number(String text, String where) throws UntranslatableEventException {
        BigDecimal number;
        try {
            number = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new UntranslatableEventException(where + ": N value '" + text + "' is not a number");
        }
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger whole = number.toBigInteger();
            return whole.bitLength() < 64 ? LongNode.valueOf(whole.longValue()) : BigIntegerNode.valueOf(whole);
        }
        return DecimalNode.valueOf(number);
    }

    /**
     * The type to declare for a top-level attribute, so CrateDB never guesses one from the first value. N is
     * DOUBLE PRECISION: DynamoDB does not tell whole numbers from fractions, and a BIGINT would truncate a later
     * 1.5. Empty where no type is safe to declare (NULL, empty or nested lists): the database decides then.
     */
    private static Optional<ColumnType> columnType(JsonNode value, Dialect dialect) {
        String type = typeOf(value);
        JsonNode content = value.get(type);
        return switch (type) {
            case "S", "B" -> Optional.of(ColumnType.TEXT);
            case "N" -> Optional.of(ColumnType.DOUBLE);
            case "BOOL" -> Optional.of(ColumnType.BOOLEAN);
            case "M" -> Optional.of(dialect.documentType());
            case "SS", "BS" -> Optional.of(ColumnType.arrayOf(ColumnType.TEXT));
            case "NS" -> Optional.of(ColumnType.arrayOf(ColumnType.DOUBLE));
            case "L" -> content.isEmpty() ? Optional.empty() : switch (String.valueOf(typeOf(content.get(0)))) {
                case "S", "B" -> Optional.of(ColumnType.arrayOf(ColumnType.TEXT));
                case "N" -> Optional.of(ColumnType.arrayOf(ColumnType.DOUBLE));
                case "BOOL" -> Optional.of(ColumnType.arrayOf(ColumnType.BOOLEAN));
                case "M" -> Optional.of(ColumnType.arrayOf(dialect.documentType()));
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }

    /** True if a list's items have different DynamoDB types (CrateDB cannot type such an array). */
    private static boolean isVaried(JsonNode items) {
        String first = null;
        for (JsonNode item : items) {
            String type = typeOf(item);
            if (first == null) {
                first = type;
            } else if (!first.equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String typeOf(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 1) {
            return null;
        }
        String type = value.fieldNames().next();
        return switch (type) {
            case "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS" -> type;
            default -> null;
        };
    }
}
