package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.Dialect;

/**
 * The column types change data capture declares: from a DMS table definition, from a recipe's {@code pk} rule, or
 * guessed from a value when neither says.
 */
final class CdcTypes {

    /** A marker for DATE, resolved by the dialect (CrateDB cannot store DATE columns). */
    private static final ColumnType DATE = ColumnType.other("date");

    // DMS names its types after Apache Arrow: INT8 is one byte, so SMALLINT (CrateDB has no INT1, and BYTE would
    // overflow for an unsigned source byte). Unlisted types (STRING, DECIMAL, TIME, BLOB, ...) are TEXT: exact.
    private static final Map<String, ColumnType> DMS = Map.ofEntries(
            Map.entry("INT8", ColumnType.SMALLINT),
            Map.entry("UINT8", ColumnType.SMALLINT),
            Map.entry("INT16", ColumnType.SMALLINT),
            Map.entry("UINT16", ColumnType.INTEGER),
            Map.entry("INT32", ColumnType.INTEGER),
            Map.entry("UINT32", ColumnType.BIGINT),
            Map.entry("INT64", ColumnType.BIGINT),
            Map.entry("INT1", ColumnType.SMALLINT),
            Map.entry("INT2", ColumnType.SMALLINT),
            Map.entry("INT4", ColumnType.INTEGER),
            Map.entry("DOUBLE", ColumnType.DOUBLE),
            Map.entry("REAL8", ColumnType.DOUBLE),
            Map.entry("FLOAT", ColumnType.REAL),
            Map.entry("REAL4", ColumnType.REAL),
            Map.entry("BOOL", ColumnType.BOOLEAN),
            Map.entry("BOOLEAN", ColumnType.BOOLEAN),
            Map.entry("TIMESTAMP", ColumnType.TIMESTAMP),
            Map.entry("DATETIME", ColumnType.TIMESTAMP),
            Map.entry("DATE32", DATE),
            Map.entry("DATE", DATE));

    // Type names a recipe's pk rule may give: SQL names (int8 is BIGINT here, as in CrateDB and PostgreSQL).
    private static final Map<String, ColumnType> SQL = Map.ofEntries(
            Map.entry("smallint", ColumnType.SMALLINT),
            Map.entry("short", ColumnType.SMALLINT),
            Map.entry("int2", ColumnType.SMALLINT),
            Map.entry("integer", ColumnType.INTEGER),
            Map.entry("int", ColumnType.INTEGER),
            Map.entry("int4", ColumnType.INTEGER),
            Map.entry("bigint", ColumnType.BIGINT),
            Map.entry("long", ColumnType.BIGINT),
            Map.entry("int8", ColumnType.BIGINT),
            Map.entry("real", ColumnType.REAL),
            Map.entry("float", ColumnType.REAL),
            Map.entry("float4", ColumnType.REAL),
            Map.entry("double", ColumnType.DOUBLE),
            Map.entry("double precision", ColumnType.DOUBLE),
            Map.entry("float8", ColumnType.DOUBLE),
            Map.entry("boolean", ColumnType.BOOLEAN),
            Map.entry("bool", ColumnType.BOOLEAN),
            Map.entry("text", ColumnType.TEXT),
            Map.entry("string", ColumnType.TEXT),
            Map.entry("varchar", ColumnType.TEXT),
            Map.entry("timestamp", ColumnType.TIMESTAMP),
            Map.entry("timestamptz", ColumnType.TIMESTAMP),
            Map.entry("timestamp with time zone", ColumnType.TIMESTAMP),
            Map.entry("date", DATE));

    private CdcTypes() {
    }

    /** The column type for a DMS type name ({@code INT32}, {@code DOUBLE}, ...); unknown names are TEXT. */
    static ColumnType fromDms(String dmsType, Dialect dialect) {
        ColumnType type = dmsType == null ? null : DMS.get(dmsType.strip().toUpperCase(Locale.ROOT));
        return resolve(type == null ? ColumnType.TEXT : type, dialect);
    }

    /** True if a recipe may name this type. */
    static boolean isSqlName(String name) {
        return SQL.containsKey(normalize(name));
    }

    /** The type a recipe names ({@link #isSqlName} must hold). */
    static ColumnType fromSqlName(String name, Dialect dialect) {
        ColumnType type = SQL.get(normalize(name));
        if (type == null) {
            throw new IllegalArgumentException("unknown type name " + name);
        }
        return resolve(type, dialect);
    }

    /** The names a recipe may use, for messages. */
    static String sqlNames() {
        return String.join(", ", new TreeSet<>(SQL.keySet()));
    }

    /**
     * A type for a column nobody declared, from a value: whole numbers BIGINT, other numbers DOUBLE PRECISION,
     * booleans, strings TEXT, objects the dialect's document type. Empty for null and arrays (no safe guess).
     */
    static Optional<ColumnType> infer(JsonNode value, Dialect dialect) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isArray()) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return Optional.of(Values.isIntegral(value) ? ColumnType.BIGINT : ColumnType.DOUBLE);
        }
        if (value.isBoolean()) {
            return Optional.of(ColumnType.BOOLEAN);
        }
        if (value.isObject()) {
            return Optional.of(dialect.documentType());
        }
        return Optional.of(ColumnType.TEXT);
    }

    private static ColumnType resolve(ColumnType type, Dialect dialect) {
        return DATE.equals(type) ? dialect.cdcDateType() : type;
    }

    private static String normalize(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
