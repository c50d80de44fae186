package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The exact SQL of the change-data-capture dialect methods: CrateDB's is only ever checked here in CI. */
class CdcDialectSqlTest {

    private static Map<String, ColumnType> columns(Object... nameTypePairs) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.put((String) nameTypePairs[i], (ColumnType) nameTypePairs[i + 1]);
        }
        return columns;
    }

    @Nested
    class CrateDb {
        private final Dialect dialect = new CrateDbDialect();

        @Test
        void storesDatesAsTimestampsBecauseCrateDbHasNoDateColumns() {
            assertThat(dialect.cdcDateType()).isEqualTo(ColumnType.TIMESTAMP);
            assertThat(dialect.cdcTypeSql(dialect.cdcDateType())).isEqualTo("TIMESTAMP WITH TIME ZONE");
        }

        @Test
        void createsTheUniversalTableWithTypedKeysAndDeclaredDataColumns() {
            assertThat(dialect.cdcCreateUniversalTableSql("doc", "foo", columns("id", ColumnType.INTEGER),
                    columns("age", ColumnType.SMALLINT, "height", ColumnType.DOUBLE, "it's", ColumnType.OBJECT)))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"doc\".\"foo\" (\"pk\" OBJECT(STRICT) AS "
                            + "(\"id\" INTEGER PRIMARY KEY), \"data\" OBJECT(DYNAMIC) AS (\"age\" SMALLINT, "
                            + "\"height\" DOUBLE PRECISION, \"it's\" OBJECT(DYNAMIC)), \"aux\" OBJECT(IGNORED))");
        }

        @Test
        void makesSeveralKeyColumnsACompositeKey() {
            assertThat(dialect.cdcCreateUniversalTableSql("doc", "bar",
                    columns("region", ColumnType.TEXT, "code", ColumnType.INTEGER), Map.of()))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"doc\".\"bar\" (\"pk\" OBJECT(STRICT) AS "
                            + "(\"region\" TEXT PRIMARY KEY, \"code\" INTEGER PRIMARY KEY), "
                            + "\"data\" OBJECT(DYNAMIC), \"aux\" OBJECT(IGNORED))");
        }

        @Test
        void createsAUniversalTableWithoutKeyAsAnEmptyStrictObject() {
            assertThat(dialect.cdcCreateUniversalTableSql("dms", "awsdms_apply_exceptions", Map.of(), Map.of()))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"dms\".\"awsdms_apply_exceptions\" (\"pk\" OBJECT(STRICT),"
                            + " \"data\" OBJECT(DYNAMIC), \"aux\" OBJECT(IGNORED))");
        }

        @Test
        void createsTheDirectTableWithAPrimaryKeyConstraintAndQuotedNames() {
            assertThat(dialect.cdcCreateDirectTableSql("testdrive-data", "foobar",
                    columns("id", ColumnType.INTEGER, "G", ColumnType.TEXT, "table", ColumnType.SMALLINT),
                    List.of("id")))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"testdrive-data\".\"foobar\" (\"id\" INTEGER, \"G\" TEXT,"
                            + " \"table\" SMALLINT, PRIMARY KEY (\"id\"))");
        }

        @Test
        void remembersNoKeysBecauseTheCatalogListsPkSubColumns() {
            assertThat(dialect.cdcRememberUniversalKeysSql("doc", "foo", List.of("id"))).isEmpty();
            assertThat(dialect.cdcUniversalKeysQuerySql()).isEmpty();
        }

        @Test
        void addsDataSubColumnsWithEscapedKeys() {
            assertThat(dialect.cdcAddColumnSql("doc", "foo", ColumnPath.of("data", "it's"), ColumnType.DOUBLE))
                    .isEqualTo("ALTER TABLE \"doc\".\"foo\" ADD COLUMN \"data\"['it''s'] DOUBLE PRECISION");
            assertThat(dialect.cdcAddColumnSql("doc", "foo", ColumnPath.of("data", "tags"),
                    ColumnType.arrayOf(ColumnType.TEXT)))
                    .isEqualTo("ALTER TABLE \"doc\".\"foo\" ADD COLUMN \"data\"['tags'] ARRAY(TEXT)");
        }

        @Test
        void matchesUniversalKeysBySubscriptOnePlaceholderEach() {
            assertThat(dialect.cdcUniversalKeyMatchSql("pk", List.of("region", "it's"), true))
                    .isEqualTo("\"pk\"['region'] = ? AND \"pk\"['it''s'] = ?");
            assertThat(dialect.cdcUniversalKeyMatchSql("pk", List.of("region"), false))
                    .isEqualTo("\"pk\"['region'] = ?");
        }

        @Test
        void mergesIntoDataWithSubscriptAssignmentsCastingObjects() {
            assertThat(dialect.cdcMergeDocumentSql("data", columns("age", ColumnType.SMALLINT,
                    "attributes", ColumnType.OBJECT)))
                    .isEqualTo("\"data\"['age'] = ?, \"data\"['attributes'] = ?::object");
        }
    }

    @Nested
    class Postgres {
        private final Dialect dialect = new PostgresDialect();

        @Test
        void storesDatesAsDate() {
            assertThat(dialect.cdcTypeSql(dialect.cdcDateType())).isEqualTo("DATE");
        }

        @Test
        void createsTheUniversalTableAsJsonbWithThePkDocumentAsPrimaryKey() {
            assertThat(dialect.cdcCreateUniversalTableSql("public", "foo", columns("id", ColumnType.INTEGER),
                    columns("age", ColumnType.SMALLINT)))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"public\".\"foo\" (\"pk\" JSONB PRIMARY KEY, "
                            + "\"data\" JSONB, \"aux\" JSONB)");
            assertThat(dialect.cdcCreateUniversalTableSql("public", "nokey", Map.of(), Map.of()))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"public\".\"nokey\" (\"pk\" JSONB, \"data\" JSONB, "
                            + "\"aux\" JSONB)");
        }

        @Test
        void remembersKeyNamesInAColumnCommentAndReadsThemBack() {
            List<String> sql = dialect.cdcRememberUniversalKeysSql("public", "foo", List.of("id", "it's \"x\""));
            assertThat(sql).containsExactly("COMMENT ON COLUMN \"public\".\"foo\".\"pk\" IS "
                    + "'kinesis-cratedb primary key: [\"id\",\"it''s \\\"x\\\"\"]'");
            assertThat(dialect.cdcParseUniversalKeys("kinesis-cratedb primary key: [\"id\",\"it's \\\"x\\\"\"]"))
                    .containsExactly("id", "it's \"x\"");
            assertThat(dialect.cdcParseUniversalKeys("a comment someone else wrote")).isEmpty();
            assertThat(dialect.cdcParseUniversalKeys(null)).isEmpty();
            assertThat(dialect.cdcRememberUniversalKeysSql("public", "foo", List.of())).isEmpty();
            assertThat(dialect.cdcUniversalKeysQuerySql()).hasValueSatisfying(query ->
                    assertThat(query).contains("col_description").contains("a.attname = 'pk'"));
        }

        @Test
        void addsTopLevelColumnsIfNotExistsAndRefusesSubColumns() {
            assertThat(dialect.cdcAddColumnSql("public", "foo", ColumnPath.of("born"), dialect.cdcDateType()))
                    .isEqualTo("ALTER TABLE \"public\".\"foo\" ADD COLUMN IF NOT EXISTS \"born\" DATE");
            assertThatThrownBy(() -> dialect.cdcAddColumnSql("public", "foo", ColumnPath.of("data", "x"),
                    ColumnType.TEXT)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void matchesUniversalKeysByJsonbEqualityOrContainment() {
            assertThat(dialect.cdcUniversalKeyMatchSql("pk", List.of("id"), true)).isEqualTo("\"pk\" = ?::jsonb");
            assertThat(dialect.cdcUniversalKeyMatchSql("pk", List.of("a"), false)).isEqualTo("\"pk\" @> ?::jsonb");
        }

        @Test
        void mergesIntoDataWithJsonbConcatenation() {
            assertThat(dialect.cdcMergeDocumentSql("data", columns("age", ColumnType.JSONB)))
                    .isEqualTo("\"data\" = COALESCE(\"data\", '{}'::jsonb) || ?::jsonb");
        }

        @Test
        void createsTheDirectTableLikeCrateDb() {
            assertThat(dialect.cdcCreateDirectTableSql("s", "t", columns("a", ColumnType.TEXT, "b",
                    ColumnType.INTEGER), List.of("a", "b")))
                    .isEqualTo("CREATE TABLE IF NOT EXISTS \"s\".\"t\" (\"a\" TEXT, \"b\" INTEGER, "
                            + "PRIMARY KEY (\"a\", \"b\"))");
        }
    }
}
