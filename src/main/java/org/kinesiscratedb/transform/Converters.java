package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The value converters of {@code bucket.values.rules}, by their tikray names. They follow Python's built-ins where
 * JSON allows, with one rule for all: a JSON null stays null (Python would raise or give {@code "None"}).
 *
 * <ul>
 * <li>{@code builtins.int}: integers stay; fractions are cut toward zero ({@code 4.7} → 4); booleans are 1/0; text
 * must be an integer literal ({@code " 42 "}, {@code "-7"}, {@code "1_000"}; not {@code "4.2"}, as in Python);
 * lists and objects fail.</li>
 * <li>{@code builtins.float}: numbers and booleans become doubles; text must be a decimal literal ({@code "4.2"},
 * {@code "1e3"}); a result that is not finite ({@code "nan"}, {@code "1e999"}) fails, since JSON cannot hold it.</li>
 * <li>{@code builtins.str}: text stays; numbers as Python prints them ({@code 42}, {@code 4.0}, {@code 1e+20});
 * booleans as JSON ({@code true}, where Python says {@code True}); lists and objects as compact JSON.</li>
 * <li>{@code builtins.bool}: Python truthiness: 0, 0.0, {@code ""}, {@code []} and {@code {}} are false, everything
 * else true, including the text {@code "false"}.</li>
 * <li>{@code to_datetime}: a point in time ({@link DateTimes}) as ISO-8601 UTC text, e.g.
 * {@code 2024-05-01T12:00:00Z}; a value that is not one becomes null.</li>
 * <li>{@code to_unixtime}: a point in time as whole epoch seconds (rounded down); a value that is not one becomes
 * null.</li>
 * </ul>
 */
final class Converters {

    /** One converter: a JSON value in, a JSON value out. */
    @FunctionalInterface
    interface Converter {
        JsonNode convert(JsonNode value) throws ConversionException;
    }

    /** A value the converter cannot take; the message says why, in Python's words where it has them. */
    static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)([eE][+-]?\\d+(_\\d+)*)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The converters by name, in the order messages list them. */
    static final Map<String, Converter> BY_NAME;

    static {
        Map<String, Converter> all = new LinkedHashMap<>();
        all.put("builtins.int", nullSafe(Converters::toInt));
        all.put("builtins.float", nullSafe(Converters::toFloat));
        all.put("builtins.str", nullSafe(value -> TextNode.valueOf(str(value))));
        all.put("builtins.bool", nullSafe(value -> BooleanNode.valueOf(truthy(value))));
        all.put("to_datetime", nullSafe(value -> DateTimes.parse(value)
                .<JsonNode>map(instant -> TextNode.valueOf(DateTimes.format(instant))).orElse(NullNode.getInstance())));
        all.put("to_unixtime", nullSafe(value -> DateTimes.parse(value)
                .<JsonNode>map(instant -> LongNode.valueOf(instant.getEpochSecond())).orElse(NullNode.getInstance())));
        BY_NAME = Collections.unmodifiableMap(all);
    }

    private Converters() {
    }

    private static Converter nullSafe(Converter converter) {
        return value -> value.isNull() ? value : converter.convert(value);
    }

    private static JsonNode toInt(JsonNode value) throws ConversionException {
        if (value.isIntegralNumber()) {
            return value;
        }
        if (value.isNumber()) {
            return integer(value.decimalValue().toBigInteger());
        }
        if (value.isBoolean()) {
            return LongNode.valueOf(value.booleanValue() ? 1 : 0);
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (INT.matcher(text).matches()) {
                return integer(new BigInteger(text.replace("_", "")));
            }
            throw new ConversionException("invalid literal for int() with base 10: " + quoted(value.textValue()));
        }
        throw new ConversionException("int() argument must be text, a number or a boolean, not " + kind(value));
    }

    private static JsonNode toFloat(JsonNode value) throws ConversionException {
        if (value.isNumber()) {
            return finite(value.doubleValue(), value.asText());
        }
        if (value.isBoolean()) {
            return DoubleNode.valueOf(value.booleanValue() ? 1 : 0);
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (FLOAT.matcher(text).matches()) {
                return finite(Double.parseDouble(text.replace("_", "")), text);
            }
            if (NON_FINITE.matcher(text).matches()) {
                throw new ConversionException("float() of " + quoted(text) + " is not finite; JSON cannot hold it");
            }
            throw new ConversionException("could not convert string to float: " + quoted(value.textValue()));
        }
        throw new ConversionException("float() argument must be text, a number or a boolean, not " + kind(value));
    }

    private static JsonNode finite(double value, String input) throws ConversionException {
        if (!Double.isFinite(value)) {
            throw new ConversionException("float() of " + quoted(input) + " is not finite; JSON cannot hold it");
        }
        return DoubleNode.valueOf(value);
    }

    private static JsonNode integer(BigInteger value) {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0 ? LongNode.valueOf(value.longValue())
                : BigIntegerNode.valueOf(value);
    }

    /** A value as text: {@code builtins.str}, also used by {@code convert_string} and list normalization. */
    static String str(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return pythonFloat(value.doubleValue());
        }
        return value.toString();
    }

    /** Python's {@code repr} of a float: plain between 1e-4 and 1e16, else {@code 1.5e+20}; always with a point. */
    static String pythonFloat(double value) {
        if (value == 0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** Python truthiness of a JSON value. */
    static boolean truthy(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue().signum() != 0 : value.doubleValue() != 0;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        if (value.isContainerNode()) {
            return value.size() > 0;
        }
        return false;
    }

    private static String quoted(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return "'" + shown + "'";
    }

    private static String kind(JsonNode value) {
        return value.isObject() ? "an object" : value.isArray() ? "a list" : value.getNodeType().name();
    }
}
