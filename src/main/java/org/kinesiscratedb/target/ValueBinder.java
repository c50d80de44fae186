package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Binds a JSON value to a statement parameter for a column type. Values were validated by {@link RowPlanner};
 * objects go as JSON text (the dialect's placeholder casts them), arrays through {@code createArrayOf},
 * timestamps as {@code OffsetDateTime} (CrateDB's driver path cannot take an {@code Instant}).
 */
final class ValueBinder {

    private final Dialect dialect;

    ValueBinder(Dialect dialect) {
        this.dialect = dialect;
    }

    void bind(PreparedStatement statement, int index, ColumnType type, JsonNode value) throws SQLException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            statement.setNull(index, type.sqlNullType());
            return;
        }
        switch (type.kind()) {
            case BIGINT, INTEGER, SMALLINT -> statement.setLong(index, JsonTypes.longValue(value));
            case DOUBLE, REAL -> statement.setDouble(index, value.doubleValue());
            case BOOLEAN -> statement.setBoolean(index, value.booleanValue());
            case TEXT -> statement.setString(index, value.textValue());
            case TIMESTAMP -> statement.setObject(index, timestamp(value));
            case TIMESTAMP_LOCAL -> statement.setObject(index,
                    timestamp(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case OBJECT, JSON -> statement.setString(index, JsonText.of(value));
            case ARRAY -> statement.setArray(index, statement.getConnection()
                    .createArrayOf(dialect.arrayElementTypeName(type.element()), elements(type.element(), value)));
            case UNDEFINED, OTHER -> statement.setString(index, value.isTextual() ? value.textValue()
                    : JsonText.of(value));
        }
    }

    private static OffsetDateTime timestamp(JsonNode value) {
        return JsonTypes.timestamp(value).orElseThrow(() -> new IllegalArgumentException("not a timestamp: " + value));
    }

    private static Object[] elements(ColumnType element, JsonNode array) {
        Object[] values = switch (element.kind()) {
            case BIGINT, INTEGER, SMALLINT -> new Long[array.size()];
            case DOUBLE, REAL -> new Double[array.size()];
            case BOOLEAN -> new Boolean[array.size()];
            default -> new String[array.size()];
        };
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            values[i] = value.isNull() ? null : switch (element.kind()) {
                case BIGINT, INTEGER, SMALLINT -> JsonTypes.longValue(value);
                case DOUBLE, REAL -> value.doubleValue();
                case BOOLEAN -> value.booleanValue();
                case TEXT -> value.textValue();
                case TIMESTAMP, TIMESTAMP_LOCAL -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp(value));
                default -> value.isTextual() ? value.textValue() : JsonText.of(value);
            };
        }
        return values;
    }
}
