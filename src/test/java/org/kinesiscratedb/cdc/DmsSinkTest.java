package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kinesiscratedb.relay.RecordSink.SinkResult;
import org.kinesiscratedb.testing.FlakyDataSource;
import org.kinesiscratedb.testing.TestDatabase;
import org.kinesiscratedb.target.WriterOptions;

/**
 * DMS events applied to a real database: the scenario of {@code cdc/dms-scenario.ndjson} (create-table, a full load
 * of two tables with mixed types, a table created and dropped, inserts, updates incl. a key change with
 * before-image, deletes) must leave the tables equal to the source, also across a restart and a replay.
 */
class DmsSinkTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final WriterOptions FAST = new WriterOptions(Duration.ofMillis(5), Duration.ofMillis(40));
    static final List<String> SCENARIO = Records.lines("/cdc/dms-scenario.ndjson");
    /** Index of the first scenario event after every create-table and the full load. */
    static final int AFTER_LOAD = 12;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final List<String> CREATED = new ArrayList<>();

    static final List<JsonNode> FOO = CdcTables.rows(
            """
            {"id": 1, "name": "Jane Doe", "age": 32, "height": 1.77, "weight": 60.5, "active": true,
             "born": "1993-04-01", "seen": "2024-07-12T01:17:42.123Z", "attributes": {"baz": "quux"}, "G": "g1b",
             "table": "t1b", "it's": 9007199254740993}""",
            """
            {"id": 4, "name": "Joan", "age": 40, "height": 1.65, "weight": 55.5, "active": true,
             "born": "1984-02-29", "seen": "2024-07-13T10:00:00.500Z", "attributes": {"k": [1, 2]}, "G": "g4",
             "table": "t4", "it's": 4}""",
            """
            {"id": 20, "name": "John", "age": 34, "height": 1.8, "weight": 80.25, "active": false,
             "born": "1991-12-24", "seen": "2024-07-12T08:00:00Z", "attributes": {"foo": "bar", "n": 2},
             "G": "g20", "table": "t20", "it's": 20}""");
    static final List<JsonNode> BAR = CdcTables.rows(
            "{\"region\": \"eu\", \"code\": 1, \"label\": \"one\"}",
            "{\"region\": \"eu\", \"code\": 2, \"label\": \"zwei\"}");

    @AfterAll
    static void dropSchemas() throws Exception {
        for (String schema : CREATED) {
            DB.dropSchema(schema);
        }
    }

    /** A schema of its own for each test: the scenario's tables have fixed names. */
    private static synchronized String newSchema() {
        String schema = DB.schema() + "_" + SCHEMAS.incrementAndGet();
        CREATED.add(schema);
        return schema;
    }

    private static DmsRecipe recipe(String resource, String schema) {
        String text = String.join("\n", Records.lines(resource));
        return DmsRecipe.parse(text.replace("SCHEMA", schema), resource);
    }

    private static DmsSink sink(DataSource dataSource, String schema, DmsRecipe recipe) throws Exception {
        DmsSink sink = new DmsSink(dataSource, DB.dialect(), schema, recipe, FAST);
        sink.open();
        return sink;
    }

    private static void assertScenarioState(String schema, boolean universal) throws Exception {
        if (universal) {
            assertThat(CdcTables.universal(DB, schema, "foo")).isEqualTo(FOO);
            assertThat(CdcTables.universal(DB, schema, "bar")).isEqualTo(BAR);
        } else {
            assertThat(CdcTables.direct(DB, schema, "foo")).isEqualTo(FOO);
            assertThat(CdcTables.direct(DB, schema, "bar")).isEqualTo(BAR);
        }
        assertThat(CdcTables.exists(DB, schema, "tmp")).as("tmp was created and dropped").isFalse();
        assertThat(CdcTables.count(DB, schema, CdcWriter.DEAD_LETTER_TABLE)).isZero();
    }

    @Test
    void appliesTheScenarioInTheDirectLayoutWithDeclaredColumnTypes() throws Exception {
        String schema = newSchema();
        try (DmsSink sink = sink(DB.dataSource(), schema, recipe("/cdc/recipe-direct.yaml", schema))) {

            SinkResult result = sink.write(Records.of(SCENARIO));

            assertThat(result).isEqualTo(new SinkResult(SCENARIO.size(), 0));
        }
        assertScenarioState(schema, false);
        assertThat(CdcTables.columnTypes(DB, schema, "foo")).containsEntry("age", "smallint")
                .containsEntry("height", "double precision").containsEntry("weight", "real")
                .containsEntry("active", "boolean").containsEntry("it's", "bigint")
                .containsEntry("seen", "timestamp with time zone");
    }

    @Test
    void appliesTheScenarioInTheUniversalLayout() throws Exception {
        String schema = newSchema();
        try (DmsSink sink = sink(DB.dataSource(), schema, recipe("/cdc/recipe-universal.yaml", schema))) {

            SinkResult result = sink.write(Records.of(SCENARIO));

            assertThat(result).isEqualTo(new SinkResult(SCENARIO.size(), 0));
        }
        assertScenarioState(schema, true);
    }

    @Test
    void appliesTheScenarioInSmallBatches() throws Exception {
        String schema = newSchema();
        try (DmsSink sink = sink(DB.dataSource(), schema, recipe("/cdc/recipe-universal.yaml", schema))) {
            for (int i = 0; i < SCENARIO.size(); i += 3) {
                List<String> slice = SCENARIO.subList(i, Math.min(i + 3, SCENARIO.size()));
                assertThat(sink.write(Records.of(slice, i + 1)).deadLettered()).isZero();
            }
        }
        assertScenarioState(schema, true);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/cdc/recipe-universal.yaml", "/cdc/recipe-universal-no-pk.yaml",
            "/cdc/recipe-direct.yaml"})
    void updatesAndDeletesStillApplyAfterARestartPastTheCreateTableEvents(String recipeFile) throws Exception {
        String schema = newSchema();
        DmsRecipe recipe = recipe(recipeFile, schema);
        try (DmsSink before = sink(DB.dataSource(), schema, recipe)) {
            before.write(Records.of(SCENARIO.subList(0, AFTER_LOAD)));
        }

        SinkResult result;
        try (DmsSink restarted = sink(DB.dataSource(), schema, recipe)) {
            result = restarted.write(Records.of(SCENARIO.subList(AFTER_LOAD, SCENARIO.size()), AFTER_LOAD + 1));
        }

        assertThat(result.deadLettered()).isZero();
        assertScenarioState(schema, !recipeFile.contains("direct"));
    }

    @Test
    void aReplayedStretchOfEventsLeavesTheSameState() throws Exception {
        String schema = newSchema();
        try (DmsSink sink = sink(DB.dataSource(), schema, recipe("/cdc/recipe-universal.yaml", schema))) {
            sink.write(Records.of(SCENARIO));

            SinkResult replay = sink.write(Records.of(SCENARIO.subList(2, SCENARIO.size()), 3));

            assertThat(replay).isEqualTo(new SinkResult(SCENARIO.size() - 2, 0));
        }
        assertScenarioState(schema, true);
    }

    @Test
    void aReplayAfterARestartLeavesTheSameStateInTheDirectLayout() throws Exception {
        String schema = newSchema();
        DmsRecipe recipe = recipe("/cdc/recipe-direct.yaml", schema);
        try (DmsSink sink = sink(DB.dataSource(), schema, recipe)) {
            sink.write(Records.of(SCENARIO));
        }
        try (DmsSink restarted = sink(DB.dataSource(), schema, recipe)) {
            assertThat(restarted.write(Records.of(SCENARIO.subList(4, SCENARIO.size()), 5)).deadLettered())
                    .isZero();
        }
        assertScenarioState(schema, false);
    }

    @Test
    void waitsOutAnOutageAndLosesNothing() throws Exception {
        String schema = newSchema();
        FlakyDataSource flaky = new FlakyDataSource(DB.dataSource(), 0);
        try (DmsSink sink = sink(flaky, schema, recipe("/cdc/recipe-universal.yaml", schema))) {
            sink.write(Records.of(SCENARIO.subList(0, 5)));
            int before = flaky.attempts();
            flaky.failNext(6);

            SinkResult result = sink.write(Records.of(SCENARIO.subList(5, SCENARIO.size()), 6));

            assertThat(result).isEqualTo(new SinkResult(SCENARIO.size() - 5, 0));
            assertThat(flaky.attempts() - before).isGreaterThan(6);
        }
        assertScenarioState(schema, true);
    }

    @Test
    void deadLettersEventsThatCannotBeAppliedWithTheReasonAndAppliesTheOthersInOrder() throws Exception {
        String schema = newSchema();
        List<String> events = List.of(
                Dms.createTable("t", "{\"id\": {\"type\": \"INT32\"}, \"v\": {\"type\": \"INT16\"}}", "id"),
                "this is not JSON",
                Dms.event("insert", "t", "{\"id\": 1, \"v\": 1}"),
                Dms.event("FOOBAR", "t", "{\"id\": 1}"),
                Dms.event("insert", "t", "{\"id\": null, \"v\": 2}"),
                Dms.event("insert", "t", "{\"id\": 3, \"v\": \"abc\"}"),
                Dms.event("update", "nokey", "{\"v\": 1}"),
                Dms.event("update", "t", "{\"id\": 1, \"v\": 5}"),
                Dms.event("insert", "t", "{\"id\": 4, \"v\": 4}"));
        try (DmsSink sink = sink(DB.dataSource(), schema, DmsRecipe.empty())) {

            SinkResult result = sink.write(Records.of(events));

            assertThat(result).isEqualTo(new SinkResult(4, 5));
        }
        assertThat(CdcTables.direct(DB, schema, "t")).isEqualTo(CdcTables.rows("{\"id\": 1, \"v\": 5}",
                "{\"id\": 4, \"v\": 4}"));
        Map<String, String> reasons = deadLetters(schema);
        assertThat(reasons).hasSize(5);
        assertThat(reasons.get("2")).startsWith("Record is not JSON");
        assertThat(reasons.get("4")).isEqualTo("DMS CDC event operation unknown: FOOBAR");
        assertThat(reasons.get("5")).as("the database refused a null key").isNotBlank();
        assertThat(reasons.get("6")).isEqualTo("Column \"v\": value \"abc\" does not fit its type SMALLINT");
        assertThat(reasons.get("7")).isEqualTo(DmsTranslator.NO_KEY);
    }

    @Test
    void replaysAnNdjsonFileNamedByASourceUrl() throws Exception {
        String schema = newSchema();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("dms-", ".ndjson");
        try {
            java.nio.file.Files.writeString(file, String.join("\n\n", SCENARIO) + "\n");
            NdjsonReplay replay = new NdjsonReplay(NdjsonReplay.fileOf("kinesis+dms://" + file).orElseThrow(), 4);

            NdjsonReplay.Result result;
            try (DmsSink sink = sink(DB.dataSource(), schema, recipe("/cdc/recipe-direct.yaml", schema))) {
                result = replay.replay(sink);
            }

            assertThat(result).isEqualTo(new NdjsonReplay.Result(2L * SCENARIO.size() - 1, SCENARIO.size(),
                    SCENARIO.size(), 0));
            assertScenarioState(schema, false);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** Dead letters by sequence number. */
    private static Map<String, String> deadLetters(String schema) throws Exception {
        Map<String, String> reasons = new java.util.TreeMap<>();
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            DB.dialect().refreshTableSql(schema, CdcWriter.DEAD_LETTER_TABLE).ifPresent(sql -> {
                try {
                    statement.execute(sql);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (ResultSet rs = statement.executeQuery("SELECT seq_no, error FROM "
                    + DB.dialect().qualified(schema, CdcWriter.DEAD_LETTER_TABLE))) {
                while (rs.next()) {
                    reasons.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return reasons;
    }
}
