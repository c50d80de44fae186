package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The exact SQL each dialect produces: what runs on CrateDB is only ever checked here in CI. */
class DialectSqlTest {

    private static final String HOSTILE = "x\"; DROP TABLE t; --";

    @Nested
    class CrateDb {
        private final Dialect dialect = new CrateDbDialect();

        @Test
        void createsTheMainTableStrictWithTheKinesisObject() {
            assertThat(dialect.createTableSql("doc", "demo")).isEqualTo(
                    "CREATE TABLE IF NOT EXISTS \"doc\".\"demo\" (\"kinesis_msg_id\" TEXT PRIMARY KEY, "
                            + "\"kinesis\" OBJECT(DYNAMIC) AS (\"shard_id\" TEXT, \"seq_no\" TEXT, "
                            + "\"ts\" TIMESTAMP WITH TIME ZONE, \"partition\" TEXT, \"stream_name\" TEXT))"
                            + " WITH (column_policy = 'strict')");
        }

        @Test
        void createsTheDeadLetterTableWithUnindexedPayloadAndError() {
            assertThat(dialect.createDeadLetterTableSql("doc", "demo_errors")).isEqualTo(
                    "CREATE TABLE IF NOT EXISTS \"doc\".\"demo_errors\" (\"kinesis_msg_id\" TEXT PRIMARY KEY, "
                            + "\"shard_id\" TEXT, \"seq_no\" TEXT, \"partition\" TEXT, \"stream_name\" TEXT, "
                            + "\"arrival\" TIMESTAMP WITH TIME ZONE, \"failed_at\" TIMESTAMP WITH TIME ZONE, "
                            + "\"payload\" TEXT INDEX OFF STORAGE WITH (columnstore = false), "
                            + "\"payload_encoding\" TEXT, "
                            + "\"error\" TEXT INDEX OFF STORAGE WITH (columnstore = false))"
                            + " WITH (column_policy = 'strict')");
        }

        @Test
        void addsTopLevelColumnsWithoutIfNotExists() {
            assertThat(dialect.addColumnSql("doc", "demo", ColumnPath.of("temperature"), ColumnType.DOUBLE))
                    .isEqualTo("ALTER TABLE \"doc\".\"demo\" ADD COLUMN \"temperature\" DOUBLE PRECISION");
        }

        @Test
        void addsNestedSubColumnsWithSubscripts() {
            assertThat(dialect.addColumnSql("doc", "demo", ColumnPath.of("o", "k"), ColumnType.BIGINT))
                    .isEqualTo("ALTER TABLE \"doc\".\"demo\" ADD COLUMN \"o\"['k'] BIGINT");
            assertThat(dialect.addColumnSql("doc", "demo", ColumnPath.of("o", "it's", "deep"), ColumnType.OBJECT))
                    .isEqualTo("ALTER TABLE \"doc\".\"demo\" ADD COLUMN \"o\"['it''s']['deep'] OBJECT(DYNAMIC)");
        }

        @Test
        void namesTypedArrayColumns() {
            assertThat(dialect.typeSql(ColumnType.arrayOf(ColumnType.BIGINT))).isEqualTo("ARRAY(BIGINT)");
            assertThat(dialect.typeSql(ColumnType.arrayOf(ColumnType.DOUBLE))).isEqualTo("ARRAY(DOUBLE PRECISION)");
            assertThat(dialect.typeSql(ColumnType.arrayOf(ColumnType.TEXT))).isEqualTo("ARRAY(TEXT)");
            assertThat(dialect.typeSql(ColumnType.arrayOf(ColumnType.BOOLEAN))).isEqualTo("ARRAY(BOOLEAN)");
            assertThat(dialect.typeSql(ColumnType.arrayOf(ColumnType.OBJECT))).isEqualTo("ARRAY(OBJECT(DYNAMIC))");
        }

        @Test
        void upsertsWithObjectCastsAndExcludedValues() {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            columns.put("kinesis_msg_id", ColumnType.TEXT);
            columns.put("kinesis", ColumnType.OBJECT);
            columns.put("tags", ColumnType.arrayOf(ColumnType.TEXT));
            columns.put("n", ColumnType.BIGINT);

            assertThat(dialect.upsertSql("doc", "demo", columns)).isEqualTo(
                    "INSERT INTO \"doc\".\"demo\" (\"kinesis_msg_id\", \"kinesis\", \"tags\", \"n\")"
                            + " VALUES (?, ?::object, ?, ?) ON CONFLICT (\"kinesis_msg_id\") DO UPDATE SET"
                            + " \"kinesis\" = excluded.\"kinesis\", \"tags\" = excluded.\"tags\", \"n\" = excluded.\"n\"");
        }

        @Test
        void listsColumnsFromInformationSchema() {
            assertThat(dialect.listColumnsSql()).isEqualTo("SELECT column_name, data_type FROM "
                    + "information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position");
        }

        @Test
        void listsPrimaryKeyColumnsThroughTheStandardJoin() {
            assertThat(dialect.primaryKeySql()).isEqualTo("SELECT kcu.column_name FROM information_schema"
                    + ".table_constraints tc JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = "
                    + "tc.constraint_name AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name"
                    + " WHERE tc.table_schema = ? AND tc.table_name = ? AND tc.constraint_type = 'PRIMARY KEY'");
        }

        @Test
        void parsesSubColumnNamesAsListed() {
            assertThat(dialect.parseColumnName("temperature")).isEqualTo(ColumnPath.of("temperature"));
            assertThat(dialect.parseColumnName("o['k']")).isEqualTo(ColumnPath.of("o", "k"));
            assertThat(dialect.parseColumnName("o['a b']['it's]']")).isEqualTo(ColumnPath.of("o", "a b", "it's]"));
        }

        @Test
        void parsesListedTypes() {
            assertThat(dialect.parseColumnType("bigint", null)).isEqualTo(ColumnType.BIGINT);
            assertThat(dialect.parseColumnType("integer", null)).isEqualTo(ColumnType.INTEGER);
            assertThat(dialect.parseColumnType("double precision", null)).isEqualTo(ColumnType.DOUBLE);
            assertThat(dialect.parseColumnType("text", null)).isEqualTo(ColumnType.TEXT);
            assertThat(dialect.parseColumnType("object", null)).isEqualTo(ColumnType.OBJECT);
            assertThat(dialect.parseColumnType("timestamp with time zone", null)).isEqualTo(ColumnType.TIMESTAMP);
            assertThat(dialect.parseColumnType("bigint_array", null)).isEqualTo(ColumnType.arrayOf(ColumnType.BIGINT));
            assertThat(dialect.parseColumnType("double precision_array", null))
                    .isEqualTo(ColumnType.arrayOf(ColumnType.DOUBLE));
            assertThat(dialect.parseColumnType("object_array", null)).isEqualTo(ColumnType.arrayOf(ColumnType.OBJECT));
            assertThat(dialect.parseColumnType("undefined", null).isUntyped()).isTrue();
            assertThat(dialect.parseColumnType("undefined_array", null).isUntyped()).isTrue();
            assertThat(dialect.parseColumnType("bigint_array_array", null).kind()).isEqualTo(ColumnType.Kind.OTHER);
            assertThat(dialect.parseColumnType("geo_point", null)).isEqualTo(ColumnType.other("geo_point"));
        }

        @Test
        void bindsArraysOfObjectsAsJson() {
            assertThat(dialect.arrayElementTypeName(ColumnType.OBJECT)).isEqualTo("json");
            assertThat(dialect.arrayElementTypeName(ColumnType.BIGINT)).isEqualTo("int8");
        }

        @Test
        void quotesHostileNames() {
            assertThat(dialect.quote(HOSTILE)).isEqualTo("\"x\"\"; DROP TABLE t; --\"");
            assertThat(dialect.qualified("My Schema", "Temp ünïcødé_温度"))
                    .isEqualTo("\"My Schema\".\"Temp ünïcødé_温度\"");
            assertThat(dialect.columnRef(ColumnPath.of(HOSTILE, "a'; --")))
                    .isEqualTo("\"x\"\"; DROP TABLE t; --\"['a''; --']");
        }

        @Test
        void treatsAlreadyExistsAsAConcurrentAdd() {
            assertThat(dialect.isColumnExistsError(new SQLException(
                    "The table doc.demo already has a column named n: Column 'n' already exists", "XX000"))).isTrue();
            assertThat(dialect.isColumnExistsError(new SQLException("Cannot cast", "XX000"))).isFalse();
        }

        @Test
        void knowsClusterBlocksAreNotAboutARow() {
            assertThat(dialect.isSystemicError(new SQLException(
                    "blocked by: [FORBIDDEN/12/index read-only / allow delete (api)];", "XX000"))).isTrue();
            assertThat(dialect.isSystemicError(new SQLException(
                    "Cannot cast value n/a to type bigint", "XX000"))).isFalse();
        }

        @Test
        void refreshesTables() {
            assertThat(dialect.refreshTableSql("doc", "demo")).contains("REFRESH TABLE \"doc\".\"demo\"");
            assertThat(dialect.createSchemaSql("doc")).isEmpty();
        }
    }

    @Nested
    class Postgres {
        private final Dialect dialect = new PostgresDialect();

        @Test
        void createsTheMainTableWithJsonbMetadata() {
            assertThat(dialect.createTableSql("public", "demo")).isEqualTo(
                    "CREATE TABLE IF NOT EXISTS \"public\".\"demo\" (\"kinesis_msg_id\" TEXT PRIMARY KEY, "
                            + "\"kinesis\" JSONB)");
        }

        @Test
        void createsTheDeadLetterTable() {
            assertThat(dialect.createDeadLetterTableSql("public", "demo_errors")).isEqualTo(
                    "CREATE TABLE IF NOT EXISTS \"public\".\"demo_errors\" (\"kinesis_msg_id\" TEXT PRIMARY KEY, "
                            + "\"shard_id\" TEXT, \"seq_no\" TEXT, \"partition\" TEXT, \"stream_name\" TEXT, "
                            + "\"arrival\" TIMESTAMP WITH TIME ZONE, \"failed_at\" TIMESTAMP WITH TIME ZONE, "
                            + "\"payload\" TEXT, \"payload_encoding\" TEXT, \"error\" TEXT)");
        }

        @Test
        void addsColumnsIfNotExists() {
            assertThat(dialect.addColumnSql("public", "demo", ColumnPath.of("n"), ColumnType.BIGINT))
                    .isEqualTo("ALTER TABLE \"public\".\"demo\" ADD COLUMN IF NOT EXISTS \"n\" BIGINT");
            assertThat(dialect.addColumnSql("public", "demo", ColumnPath.of("o"), ColumnType.JSONB))
                    .isEqualTo("ALTER TABLE \"public\".\"demo\" ADD COLUMN IF NOT EXISTS \"o\" JSONB");
        }

        @Test
        void hasNoSubColumns() {
            assertThatThrownBy(() -> dialect.addColumnSql("public", "demo", ColumnPath.of("o", "k"),
                    ColumnType.BIGINT)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void upsertsWithJsonbCasts() {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            columns.put("kinesis_msg_id", ColumnType.TEXT);
            columns.put("kinesis", ColumnType.JSONB);
            columns.put("doc", ColumnType.JSON);

            assertThat(dialect.upsertSql("public", "demo", columns)).isEqualTo(
                    "INSERT INTO \"public\".\"demo\" (\"kinesis_msg_id\", \"kinesis\", \"doc\")"
                            + " VALUES (?, ?::jsonb, ?::json) ON CONFLICT (\"kinesis_msg_id\") DO UPDATE SET"
                            + " \"kinesis\" = excluded.\"kinesis\", \"doc\" = excluded.\"doc\"");
        }

        @Test
        void listsColumnsWithTheirUdtNames() {
            assertThat(dialect.listColumnsSql()).isEqualTo("SELECT column_name, data_type, udt_name FROM "
                    + "information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position");
        }

        @Test
        void parsesListedTypes() {
            assertThat(dialect.parseColumnType("bigint", "int8")).isEqualTo(ColumnType.BIGINT);
            assertThat(dialect.parseColumnType("smallint", "int2")).isEqualTo(ColumnType.SMALLINT);
            assertThat(dialect.parseColumnType("real", "float4")).isEqualTo(ColumnType.REAL);
            assertThat(dialect.parseColumnType("jsonb", "jsonb")).isEqualTo(ColumnType.JSONB);
            assertThat(dialect.parseColumnType("json", "json")).isEqualTo(ColumnType.JSON);
            assertThat(dialect.parseColumnType("character varying", "varchar")).isEqualTo(ColumnType.TEXT);
            assertThat(dialect.parseColumnType("ARRAY", "_int8")).isEqualTo(ColumnType.arrayOf(ColumnType.BIGINT));
            assertThat(dialect.parseColumnType("ARRAY", "_text")).isEqualTo(ColumnType.arrayOf(ColumnType.TEXT));
            assertThat(dialect.parseColumnType("timestamp without time zone", "timestamp"))
                    .isEqualTo(ColumnType.TIMESTAMP_LOCAL);
            assertThat(dialect.parseColumnType("USER-DEFINED", "mood")).isEqualTo(ColumnType.other("mood"));
            assertThat(dialect.parseColumnType("numeric", "numeric")).isEqualTo(ColumnType.other("numeric"));
        }

        @Test
        void castsUnknownTypesByName() {
            assertThat(dialect.placeholder(ColumnType.other("numeric"))).isEqualTo("CAST(? AS numeric)");
            assertThat(dialect.placeholder(ColumnType.other("weird\"type"))).isEqualTo("?");
        }

        @Test
        void reservesItsOwnAndCrateDbsSystemColumns() {
            assertThat(dialect.reservedColumnNames()).contains("xmin", "ctid", "_id", "_score");
        }

        @Test
        void quotesHostileNames() {
            assertThat(dialect.quote(HOSTILE)).isEqualTo("\"x\"\"; DROP TABLE t; --\"");
            assertThat(dialect.quote("UPPER case")).isEqualTo("\"UPPER case\"");
            assertThat(dialect.quote("温度")).isEqualTo("\"温度\"");
        }

        @Test
        void treatsDuplicateColumnAsAConcurrentAdd() {
            assertThat(dialect.isColumnExistsError(new SQLException("column exists", "42701"))).isTrue();
        }
    }
}
