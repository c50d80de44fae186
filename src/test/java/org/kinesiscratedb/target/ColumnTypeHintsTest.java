package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinesiscratedb.target.RowPlannerTest.newColumns;
import static org.kinesiscratedb.target.RowPlannerTest.reasons;
import static org.kinesiscratedb.target.RowPlannerTest.rows;
import static org.kinesiscratedb.target.RowPlannerTest.schema;
import static org.kinesiscratedb.target.TargetTables.json;
import static org.kinesiscratedb.target.TargetTables.row;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.target.RowPlanner.BatchPlan;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Column type hints ({@link WriterOptions#columnTypes()}): the hinted type for new columns, checked like any. Against
 * the test database (PostgreSQL in CI, CrateDB with KCR_TEST_JDBC_URL), and CrateDB's planning without one.
 */
class ColumnTypeHintsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final WriterOptions FAST = new WriterOptions(Duration.ofMillis(10), Duration.ofMillis(200));

    private static Map<String, String> hints(String... columnsAndTypes) {
        Map<String, String> hints = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndTypes.length; i += 2) {
            hints.put(columnsAndTypes[i], columnsAndTypes[i + 1]);
        }
        return hints;
    }

    private final TargetTables tables = new TargetTables(DB);
    private final List<TableWriter> writers = new ArrayList<>();

    private TableWriter writer(String table, Map<String, String> hints) throws InterruptedException {
        TableWriter writer = new TableWriter(DB.dataSource(), DB.dialect(), DB.schema(), table,
                FAST.withColumnTypes(hints));
        writers.add(writer);
        writer.open();
        return writer;
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(TableWriter::close);
    }

    @Test
    void createsHintedColumnsWithTheHintedTypes() throws Exception {
        TableWriter writer = writer("hinted", hints("ts", "TIMESTAMP", "code", "TEXT", "count", "BIGINT",
                "ratio", "DOUBLE", "flag", "BOOLEAN", "meta", "OBJECT"));

        WriteResult result = writer.write(List.of(
                row("{\"id\": 1, \"ts\": \"2024-05-01T12:00:00Z\", \"code\": \"42\", \"count\": 7, \"ratio\": 1,"
                        + " \"flag\": true, \"meta\": {\"k\": \"v\"}}"),
                row("{\"id\": 2, \"ts\": 1714564800000, \"ratio\": 0.5}")), List.of());

        assertThat(result).isEqualTo(new WriteResult(2, 0));
        assertThat(tables.columnTypes("hinted")).containsEntry("ts", "timestamp with time zone")
                .containsEntry("code", "text").containsEntry("count", "bigint")
                .containsEntry("ratio", "double precision").containsEntry("flag", "boolean")
                .containsEntry("meta", DB.isCrateDb() ? "object" : "jsonb")
                .containsEntry("id", "bigint");
        List<Map<String, Object>> rows = tables.rows("hinted", "id");
        assertThat(rows).extracting(r -> instant(r.get("ts"))).containsExactly(
                Instant.parse("2024-05-01T12:00:00Z"), Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(rows).extracting(r -> ((Number) r.get("ratio")).doubleValue()).containsExactly(1.0, 0.5);
        assertThat(json(rows.get(0).get("meta")).get("k").asText()).isEqualTo("v");
    }

    @Test
    void deadLettersValuesThatDoNotFitTheHintedType() throws Exception {
        TableWriter writer = writer("hintmismatch", hints("ts", "TIMESTAMP"));

        WriteResult result = writer.write(List.of(row("{\"ts\": \"not a date\"}"),
                row("{\"ts\": \"2024-05-01 12:00:00\"}")), List.of());

        assertThat(result).isEqualTo(new WriteResult(1, 1));
        assertThat(tables.columnTypes("hintmismatch")).containsEntry("ts", "timestamp with time zone");
        assertThat(tables.errors("hintmismatch_errors")).containsExactly(
                "column \"ts\" is TIMESTAMP WITH TIME ZONE; value \"not a date\" does not fit");
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return Instant.ofEpochMilli(((Number) value).longValue());
    }

    @Test
    void keepsTheTwoArgumentConstructorAndDefaultsWithoutHints() {
        assertThat(WriterOptions.defaults().columnTypes()).isEmpty();
        assertThat(new WriterOptions(Duration.ofMillis(1), Duration.ofMillis(2)).columnTypes()).isEmpty();
        assertThat(WriterOptions.defaults().withColumnTypes(hints("ts", "TIMESTAMP")).columnTypes())
                .containsExactly(Map.entry("ts", "TIMESTAMP"));
    }

    @Test
    void refusesUnknownHintTypes() {
        assertThatThrownBy(() -> WriterOptions.defaults().withColumnTypes(hints("ts", "DATETIME")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column type hint ts = DATETIME: need a column name and one of "
                        + "[TIMESTAMP, TEXT, BIGINT, DOUBLE, BOOLEAN, OBJECT]");
    }

    /** CrateDB's rules without a database (CI runs PostgreSQL). */
    @Nested
    class PlannedOnCrateDb {
        private final RowPlanner planner = new RowPlanner(new CrateDbDialect(),
                hints("ts", "TIMESTAMP", "ratio", "DOUBLE", "meta", "OBJECT", "code", "TEXT"));

        @Test
        void createsHintedColumnsWithTheHintedTypeAndObjectsWithTheirSubColumns() {
            BatchPlan plan = planner.plan(rows("{\"ts\": 1700000000000, \"ratio\": 1, \"meta\": {\"k\": 1},"
                    + " \"other\": 2}"), schema(), Map.of());

            assertThat(newColumns(plan)).containsOnly(Map.entry("ts", ColumnType.TIMESTAMP),
                    Map.entry("ratio", ColumnType.DOUBLE), Map.entry("meta", ColumnType.OBJECT),
                    Map.entry("meta['k']", ColumnType.BIGINT), Map.entry("other", ColumnType.BIGINT));
        }

        @Test
        void deadLettersValuesThatDoNotFitTheHint() {
            BatchPlan plan = planner.plan(rows("{\"ts\": \"yesterday\"}", "{\"meta\": [1]}", "{\"code\": 42}"),
                    schema(), Map.of());

            assertThat(plan.rows()).isEmpty();
            assertThat(reasons(plan)).containsExactly(
                    "column \"ts\" is TIMESTAMP WITH TIME ZONE; value \"yesterday\" does not fit",
                    "column \"meta\" is OBJECT; value [1] does not fit",
                    "column \"code\" is TEXT; value 42 does not fit");
        }

        @Test
        void leavesExistingColumnsTheirType() {
            BatchPlan plan = planner.plan(rows("{\"ts\": \"2024-05-01T00:00:00Z\"}"),
                    schema(ColumnPath.of("ts"), ColumnType.TEXT), Map.of());

            assertThat(plan.newColumns()).isEmpty();
            assertThat(plan.columns()).containsExactly(Map.entry("ts", ColumnType.TEXT));
        }
    }
}
