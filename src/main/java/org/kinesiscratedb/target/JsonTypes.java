package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Type inference for new columns and the value tests shared by validation and binding.
 *
 * <p>Inference: a JSON integer that fits in a long is BIGINT, any other number DOUBLE PRECISION, a boolean BOOLEAN,
 * a string TEXT, an object the dialect's document type. With typed arrays (CrateDB) an array takes the merged type
 * of its elements ({@code [1, 2.5]} is ARRAY(DOUBLE PRECISION)); mixed or nested arrays cannot be typed and are
 * refused. Nulls, empty arrays and arrays of nulls have no type: they create no column.
 */
final class JsonTypes {

    private static final double TWO_TO_63 = 9.223372036854775807E18;

    private JsonTypes() {
    }

    /**
     * The inferred type of a value, with the types of its object keys (for objects, and for arrays of objects the
     * keys of the elements) where the dialect types object keys.
     *
     * @param type     the column type
     * @param children the sub-columns by key, in first-seen order
     */
    record Shape(ColumnType type, Map<String, Shape> children) {
    }

    /** A value that cannot get a column type; the message says why. */
    static final class UntypableException extends Exception {
        private static final long serialVersionUID = 1L;

        UntypableException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Infers the type of a value for a new column at {@code path}.
     *
     * @return the shape, or null if the value has no type (null, empty array, array of nulls)
     */
    static Shape infer(JsonNode value, Dialect dialect, ColumnPath path) throws UntypableException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return leaf(fitsLong(value) && value.isIntegralNumber() ? ColumnType.BIGINT : ColumnType.DOUBLE);
        }
        if (value.isBoolean()) {
            return leaf(ColumnType.BOOLEAN);
        }
        if (value.isTextual()) {
            return leaf(ColumnType.TEXT);
        }
        if (value.isObject()) {
            if (!dialect.typedObjectKeys()) {
                return leaf(dialect.documentType());
            }
            Map<String, Shape> children = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                Shape child = infer(field.getValue(), dialect, path.child(field.getKey()));
                if (child != null) {
                    children.put(field.getKey(), child);
                }
            }
            return new Shape(dialect.documentType(), children);
        }
        if (value.isArray()) {
            return dialect.typedArrays() ? inferArray(value, dialect, path) : leaf(dialect.documentType());
        }
        throw new UntypableException("value of \"" + path + "\" has an unsupported JSON type");
    }

    private static Shape inferArray(JsonNode array, Dialect dialect, ColumnPath path) throws UntypableException {
        Shape merged = null;
        for (JsonNode element : array) {
            if (element.isArray()) {
                throw new UntypableException("array \"" + path + "\" contains nested arrays, which are not supported");
            }
            Shape shape = infer(element, dialect, path);
            if (shape != null) {
                merged = merged == null ? shape : merge(merged, shape, path);
            }
        }
        return merged == null ? null : new Shape(ColumnType.arrayOf(merged.type()), merged.children());
    }

    // Within one value: numbers widen to DOUBLE, objects merge their keys, anything else is a conflict.
    private static Shape merge(Shape a, Shape b, ColumnPath path) throws UntypableException {
        ColumnType.Kind ka = a.type().kind();
        ColumnType.Kind kb = b.type().kind();
        if (ka == ColumnType.Kind.ARRAY && kb == ColumnType.Kind.ARRAY) {
            Shape element = merge(new Shape(a.type().element(), a.children()),
                    new Shape(b.type().element(), b.children()), path);
            return new Shape(ColumnType.arrayOf(element.type()), element.children());
        }
        if (ka == ColumnType.Kind.OBJECT && kb == ColumnType.Kind.OBJECT) {
            Map<String, Shape> children = new LinkedHashMap<>(a.children());
            for (Map.Entry<String, Shape> child : b.children().entrySet()) {
                Shape mine = children.get(child.getKey());
                children.put(child.getKey(), mine == null ? child.getValue()
                        : merge(mine, child.getValue(), path.child(child.getKey())));
            }
            return new Shape(a.type(), children);
        }
        if (a.type().equals(b.type())) {
            return a;
        }
        if (isNumeric(ka) && isNumeric(kb)) {
            return leaf(ColumnType.DOUBLE);
        }
        throw new UntypableException("array \"" + path + "\" mixes " + a.type().describe() + " and "
                + b.type().describe() + " values; CrateDB cannot store mixed arrays");
    }

    private static boolean isNumeric(ColumnType.Kind kind) {
        return kind == ColumnType.Kind.BIGINT || kind == ColumnType.Kind.DOUBLE;
    }

    private static Shape leaf(ColumnType type) {
        return new Shape(type, Map.of());
    }

    /** True if the number is integral in value (also {@code 42.0}) and within the range of a long. */
    static boolean fitsLong(JsonNode number) {
        if (!number.isNumber()) {
            return false;
        }
        if (number.isIntegralNumber()) {
            return number.canConvertToLong();
        }
        if (number.isBigDecimal()) {
            BigDecimal decimal = number.decimalValue();
            try {
                decimal.longValueExact();
                return true;
            } catch (ArithmeticException notIntegralOrTooLarge) {
                return false;
            }
        }
        double d = number.doubleValue();
        return d == Math.rint(d) && d >= -TWO_TO_63 && d < TWO_TO_63;
    }

    /** True if the number is integral and within {@code [min, max]}. */
    static boolean fitsRange(JsonNode number, long min, long max) {
        if (!fitsLong(number)) {
            return false;
        }
        long value = longValue(number);
        return value >= min && value <= max;
    }

    /** The value of a number that {@link #fitsLong} accepted. */
    static long longValue(JsonNode number) {
        return number.isIntegralNumber() ? number.longValue()
                : number.isBigDecimal() ? number.decimalValue().longValueExact() : (long) number.doubleValue();
    }

    /** True for any finite number. */
    static boolean fitsDouble(JsonNode number) {
        return number.isNumber() && Double.isFinite(number.doubleValue());
    }

    /** The length of a string in UTF-8 bytes, counted without copying. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * A value for a timestamp column: an ISO-8601 string (with offset or {@code Z}; without one it is UTC; a space
     * may stand for the {@code T}; a date alone is midnight UTC) or a number of epoch milliseconds.
     */
    static Optional<OffsetDateTime> timestamp(JsonNode value) {
        if (value.isNumber()) {
            return fitsLong(value)
                    ? Optional.of(Instant.ofEpochMilli(longValue(value)).atOffset(ZoneOffset.UTC))
                    : Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue().trim();
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException notWithOffset) {
            // try the forms without an offset
        }
        try {
            return Optional.of(LocalDateTime.parse(text).atOffset(ZoneOffset.UTC));
        } catch (DateTimeParseException notLocal) {
            // try a date alone
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** A value as our messages show it: JSON, cut to 100 characters. */
    static String show(JsonNode value) {
        String text = value.toString();
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
