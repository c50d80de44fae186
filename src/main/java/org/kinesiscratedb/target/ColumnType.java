package org.kinesiscratedb.target;

import java.sql.Types;
import java.util.Locale;
import java.util.Objects;

/**
 * The type of a target column as far as the writer cares: what JSON values fit it and how they are bound.
 * Created by type inference for new columns, or by {@link Dialect#parseColumnType} for existing ones.
 *
 * @param kind    the family of the type
 * @param element the element type of an {@link Kind#ARRAY}, else null
 * @param sqlName the database's own name, used for casts and messages ({@code jsonb}, {@code uuid}, ...)
 */
public record ColumnType(Kind kind, ColumnType element, String sqlName) {

    /** The families of column types the writer distinguishes. */
    public enum Kind {
        /** 64-bit integer. */
        BIGINT,
        /** 32-bit integer (existing columns only). */
        INTEGER,
        /** 16-bit integer (existing columns only). */
        SMALLINT,
        /** 64-bit float. */
        DOUBLE,
        /** 32-bit float (existing columns only). */
        REAL,
        BOOLEAN,
        TEXT,
        /** Timestamp with time zone (existing columns and the dead-letter table). */
        TIMESTAMP,
        /** Timestamp without time zone, taken as UTC (existing columns only). */
        TIMESTAMP_LOCAL,
        /** CrateDB OBJECT: only JSON objects fit; its keys are typed sub-columns. */
        OBJECT,
        /** PostgreSQL JSON/JSONB: JSON objects and arrays fit, untyped inside. */
        JSON,
        /** A typed array. */
        ARRAY,
        /** A CrateDB column that exists but has no type yet ({@code undefined}): the first value types it. */
        UNDEFINED,
        /** Anything else: the database decides whether a value fits. */
        OTHER
    }

    public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, null, "bigint");
    public static final ColumnType INTEGER = new ColumnType(Kind.INTEGER, null, "integer");
    public static final ColumnType SMALLINT = new ColumnType(Kind.SMALLINT, null, "smallint");
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, null, "double precision");
    public static final ColumnType REAL = new ColumnType(Kind.REAL, null, "real");
    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, null, "boolean");
    public static final ColumnType TEXT = new ColumnType(Kind.TEXT, null, "text");
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, null, "timestamp with time zone");
    public static final ColumnType TIMESTAMP_LOCAL =
            new ColumnType(Kind.TIMESTAMP_LOCAL, null, "timestamp without time zone");
    public static final ColumnType OBJECT = new ColumnType(Kind.OBJECT, null, "object");
    public static final ColumnType JSONB = new ColumnType(Kind.JSON, null, "jsonb");
    public static final ColumnType JSON = new ColumnType(Kind.JSON, null, "json");
    public static final ColumnType UNDEFINED = new ColumnType(Kind.UNDEFINED, null, "undefined");

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sqlName, "sqlName");
        if ((kind == Kind.ARRAY) != (element != null)) {
            throw new IllegalArgumentException("only arrays have an element type");
        }
    }

    /** An array of {@code element}. */
    public static ColumnType arrayOf(ColumnType element) {
        return new ColumnType(Kind.ARRAY, element, element.sqlName + "_array");
    }

    /** A type the writer does not know; values are passed to the database as text to convert. */
    public static ColumnType other(String sqlName) {
        return new ColumnType(Kind.OTHER, null, sqlName);
    }

    public boolean isIntegral() {
        return kind == Kind.BIGINT || kind == Kind.INTEGER || kind == Kind.SMALLINT;
    }

    /** True for columns whose type is still to be decided by the first value (CrateDB {@code undefined}). */
    public boolean isUntyped() {
        return kind == Kind.UNDEFINED || (kind == Kind.ARRAY && element.isUntyped());
    }

    /** The type as our messages name it: {@code BIGINT}, {@code ARRAY(TEXT)}, {@code JSONB}. */
    public String describe() {
        return switch (kind) {
            case ARRAY -> "ARRAY(" + element.describe() + ")";
            case OBJECT -> "OBJECT";
            default -> sqlName.toUpperCase(Locale.ROOT);
        };
    }

    /** The {@link Types} code for binding a SQL NULL to a column of this type ({@code setNull}). */
    public int sqlNullType() {
        return switch (kind) {
            case BIGINT, INTEGER, SMALLINT -> Types.BIGINT;
            case DOUBLE, REAL -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case TEXT -> Types.VARCHAR;
            case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
            case TIMESTAMP_LOCAL -> Types.TIMESTAMP;
            case ARRAY -> Types.ARRAY;
            default -> "date".equals(sqlName) ? Types.DATE : Types.OTHER;
        };
    }
}
