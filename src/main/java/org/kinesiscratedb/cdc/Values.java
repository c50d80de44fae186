package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kinesiscratedb.target.ColumnType;

/**
 * Checks a JSON value against the type of its column and converts it, before any write: CrateDB would silently
 * truncate {@code 4.7} into an integer column, so a value that does not fit becomes a dead letter with the reason
 * instead (cratedb.md rule 4).
 */
final class Values {

    // ISO-8601 or SQL style: date, optional time with 'T' or a space, optional fraction and offset.
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?\\s*"
                    + "(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");

    // Always with seconds and milliseconds (CrateDB's resolution) and an offset: the form measured to be accepted.
    private static final DateTimeFormatter DOCUMENT_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private Values() {
    }

    /** True for a JSON number without a fractional part ({@code 3}, {@code 3.0}, {@code 3e2}). */
    static boolean isIntegral(JsonNode number) {
        if (number.isIntegralNumber()) {
            return true;
        }
        if (number.isDouble() || number.isFloat()) {
            double d = number.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.2e18;
        }
        try {
            BigDecimal decimal = number.decimalValue();
            return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /**
     * The value as it goes into a typed document (a CrateDB {@code data} sub-column): checked, and texts and
     * timestamps normalized so the database need not convert them.
     *
     * @throws UntranslatableEventException if the value does not fit
     */
    static JsonNode document(JsonNode value, ColumnType type, String column) throws UntranslatableEventException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NullNode.instance;
        }
        return switch (type.kind()) {
            case BIGINT, INTEGER, SMALLINT -> LongNode.valueOf(integer(value, type, column));
            case DOUBLE, REAL -> {
                BigDecimal number = decimal(value, type, column);
                yield value.isNumber() ? value : DecimalNode.valueOf(number);
            }
            case BOOLEAN -> BooleanNode.valueOf(bool(value, type, column));
            case TEXT -> TextNode.valueOf(text(value));
            case TIMESTAMP, TIMESTAMP_LOCAL -> TextNode.valueOf(DOCUMENT_TIMESTAMP.format(
                    timestamp(value, type, column).withOffsetSameInstant(ZoneOffset.UTC)));
            case OBJECT -> {
                if (!value.isObject()) {
                    throw mismatch(value, type, column);
                }
                yield value;
            }
            case ARRAY -> {
                if (!value.isArray()) {
                    throw mismatch(value, type, column);
                }
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : value) {
                    array.add(document(element, type.element(), column));
                }
                yield array;
            }
            default -> value;
        };
    }

    /**
     * The value as a JDBC parameter for a column of this type: Long, Double, Boolean, String, OffsetDateTime,
     * LocalDate, JSON text for documents, {@link SqlNull} for null.
     *
     * @throws UntranslatableEventException if the value does not fit
     */
    static Object parameter(JsonNode value, ColumnType type, String column) throws UntranslatableEventException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return new SqlNull(type.sqlNullType());
        }
        return switch (type.kind()) {
            case BIGINT, INTEGER, SMALLINT -> integer(value, type, column);
            case DOUBLE, REAL -> decimal(value, type, column).doubleValue();
            case BOOLEAN -> bool(value, type, column);
            case TEXT -> text(value);
            case TIMESTAMP -> timestamp(value, type, column);
            case TIMESTAMP_LOCAL -> timestamp(value, type, column).toLocalDateTime();
            case OBJECT -> {
                if (!value.isObject()) {
                    throw mismatch(value, type, column);
                }
                yield json(value);
            }
            case JSON -> json(value);
            case ARRAY -> throw new UntranslatableEventException("Column \"" + column + "\": array columns ("
                    + type.describe() + ") are not supported by change data capture");
            default -> "date".equals(type.sqlName()) ? timestamp(value, type, column).toLocalDate()
                    : value.isTextual() ? value.textValue() : json(value);
        };
    }

    /** Compact JSON text. */
    static String json(JsonNode value) {
        try {
            return Json.MAPPER.writeValueAsString(value); // decimals as plain numbers, as DMS sent them
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always serializable", e);
        }
    }

    private static long integer(JsonNode value, ColumnType type, String column) throws UntranslatableEventException {
        BigDecimal number = decimal(value, type, column);
        BigInteger whole;
        try {
            whole = number.toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            throw mismatch(value, type, column);
        }
        long min = switch (type.kind()) {
            case SMALLINT -> Short.MIN_VALUE;
            case INTEGER -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        long max = switch (type.kind()) {
            case SMALLINT -> Short.MAX_VALUE;
            case INTEGER -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new UntranslatableEventException("Column \"" + column + "\": value " + abbreviate(value)
                    + " is out of range for " + type.describe());
        }
        return whole.longValueExact();
    }

    private static BigDecimal decimal(JsonNode value, ColumnType type, String column)
            throws UntranslatableEventException {
        if (value.isNumber()) {
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                throw mismatch(value, type, column);
            }
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().strip());
            } catch (NumberFormatException notANumber) {
                throw mismatch(value, type, column);
            }
        }
        throw mismatch(value, type, column);
    }

    private static boolean bool(JsonNode value, ColumnType type, String column) throws UntranslatableEventException {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.isTextual() ? value.textValue().strip().toLowerCase(Locale.ROOT)
                : value.isIntegralNumber() ? value.asText() : "";
        return switch (text) {
            case "true", "t", "1", "yes", "y" -> true;
            case "false", "f", "0", "no", "n" -> false;
            default -> throw mismatch(value, type, column);
        };
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : json(value);
    }

    private static OffsetDateTime timestamp(JsonNode value, ColumnType type, String column)
            throws UntranslatableEventException {
        Optional<OffsetDateTime> parsed = value.isIntegralNumber()
                ? Optional.of(Instant.ofEpochMilli(value.longValue()).atOffset(ZoneOffset.UTC))
                : value.isTextual() ? parseTimestamp(value.textValue()) : Optional.empty();
        return parsed.orElseThrow(() -> mismatch(value, type, column));
    }

    /**
     * Parses {@code 2024-07-12}, {@code 2024-07-12 01:17:42.123456}, {@code 2024-07-12T01:17:42Z},
     * {@code ...+02:00}; without an offset the time is UTC (DMS sends source timestamps without one).
     */
    static Optional<OffsetDateTime> parseTimestamp(String text) {
        Matcher m = TIMESTAMP.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(m.group(1));
            LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
            ZoneOffset offset = offset(m.group(3));
            return Optional.of(OffsetDateTime.of(LocalDateTime.of(date, time), offset));
        } catch (DateTimeException invalid) {
            return Optional.empty();
        }
    }

    private static ZoneOffset offset(String text) {
        if (text == null || text.equalsIgnoreCase("Z") || text.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        String digits = text.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static UntranslatableEventException mismatch(JsonNode value, ColumnType type, String column) {
        return new UntranslatableEventException("Column \"" + column + "\": value " + abbreviate(value)
                + " does not fit its type " + type.describe());
    }

    private static String abbreviate(JsonNode value) {
        String text = json(value);
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
