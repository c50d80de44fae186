package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kinesiscratedb.testing.Cli;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Change data capture end to end: DMS and DynamoDB events put into a Kinesis emulator, `load kinesis+dms://...` /
 * `kinesis+dynamodb+cdc://...` with checkpoints and restarts, and the NDJSON file replay, into a real database.
 */
class CdcEndToEndTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private String dmsSource(String stream, String checkpointName) {
        return "kinesis+dms://" + KinesisEmulator.ACCESS_KEY + ":" + KinesisEmulator.SECRET_KEY + "@127.0.0.1:"
                + KINESIS.port() + "/" + stream + "?region=us-east-1&create=true&create-shards=1&once=true"
                + "&idle-sleep=0.2&checkpointer=cratedb&checkpointer-schema=" + DB.schema()
                + "&checkpointer-name=" + checkpointName;
    }

    private Path recipe(String resource, String schema) throws Exception {
        Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        Files.writeString(file, String.join("\n", Records.lines(resource)).replace("SCHEMA", schema));
        return file;
    }

    private void put(String stream, List<String> events) {
        List<byte[]> payloads = new ArrayList<>();
        events.forEach(event -> payloads.add(event.getBytes(StandardCharsets.UTF_8)));
        KINESIS.put(stream, payloads, 1);
    }

    private String schemaTarget(String schema) {
        return DB.targetUrl(null).replace("/" + DB.schema(), "/" + schema);
    }

    @Test
    void dmsEventsThroughKinesisLeaveTheSourceStateAcrossARestartAndAReplay() throws Exception {
        String schema = DB.schema() + "_dms";
        Path recipe = recipe("/cdc/recipe-universal.yaml", schema);
        List<String> scenario = DmsSinkTest.SCENARIO;
        try {
            // The first run creates the stream (create=true) and finds nothing yet.
            Cli.Result empty = Cli.run("load", dmsSource("dms", "dms"), schemaTarget(schema),
                    "--transformation", recipe.toString());
            assertThat(empty.exitCode()).as(empty.err()).isZero();
            assertThat(empty.out()).contains("0 records read");

            put("dms", scenario.subList(0, DmsSinkTest.AFTER_LOAD));
            Cli.Result first = Cli.run("load", dmsSource("dms", "dms"), schemaTarget(schema),
                    "--transformation", recipe.toString());
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains(DmsSinkTest.AFTER_LOAD + " records read");

            // A restart past the create-table events: updates and deletes still apply.
            put("dms", scenario.subList(DmsSinkTest.AFTER_LOAD, scenario.size()));
            Cli.Result restarted = Cli.run("load", dmsSource("dms", "dms"), schemaTarget(schema),
                    "--transformation", recipe.toString());
            assertThat(restarted.exitCode()).as(restarted.err()).isZero();
            assertThat(restarted.out()).contains((scenario.size() - DmsSinkTest.AFTER_LOAD) + " records read")
                    .contains("0 dead-lettered");
            assertState(schema);

            // Another namespace reads the whole stream again: the replay leaves the same state.
            Cli.Result replay = Cli.run("load", dmsSource("dms", "dms-replay"), schemaTarget(schema),
                    "--transformation", recipe.toString());
            assertThat(replay.out()).contains(scenario.size() + " records read").contains("0 dead-lettered");
            assertState(schema);
        } finally {
            DB.dropSchema(schema);
        }
    }

    @Test
    void dmsEventsInTheDirectLayoutWithoutARecipeKeyAlsoSurviveARestart() throws Exception {
        String schema = DB.schema() + "_direct";
        Path recipe = recipe("/cdc/recipe-direct.yaml", schema);
        List<String> scenario = DmsSinkTest.SCENARIO;
        try {
            KINESIS.createStream("direct", 1);
            put("direct", scenario.subList(0, DmsSinkTest.AFTER_LOAD));
            assertThat(Cli.run("load", dmsSource("direct", "direct"), schemaTarget(schema),
                    "--transformation", recipe.toString()).exitCode()).isZero();
            put("direct", scenario.subList(DmsSinkTest.AFTER_LOAD, scenario.size()));
            Cli.Result restarted = Cli.run("load", dmsSource("direct", "direct"), schemaTarget(schema),
                    "--transformation", recipe.toString());

            assertThat(restarted.out()).contains("0 dead-lettered");
            assertThat(CdcTables.direct(DB, schema, "foo")).isEqualTo(DmsSinkTest.FOO);
            assertThat(CdcTables.direct(DB, schema, "bar")).isEqualTo(DmsSinkTest.BAR);
        } finally {
            DB.dropSchema(schema);
        }
    }

    @Test
    void dynamoDbStreamRecordsThroughKinesisLeaveTheFinalItems() throws Exception {
        KINESIS.createStream("ddb", 1);
        put("ddb", DynamoDbSinkTest.SCENARIO);
        String source = "kinesis+dynamodb+cdc://" + KinesisEmulator.ACCESS_KEY + ":" + KinesisEmulator.SECRET_KEY
                + "@127.0.0.1:" + KINESIS.port() + "/ddb?region=us-east-1&once=true&idle-sleep=0.2";

        Cli.Result result = Cli.run("load", source, DB.targetUrl("items"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(DynamoDbSinkTest.SCENARIO.size() + " records read").contains("0 dead-lettered");
        assertThat(CdcTables.universal(DB, DB.schema(), "items")).isEqualTo(DynamoDbSinkTest.FINAL_ITEMS);
    }

    @Test
    void anNdjsonFileOfDmsEventsIsReplayedWithoutKinesis() throws Exception {
        String schema = DB.schema() + "_file";
        Path events = dir.resolve("events.ndjson");
        Files.write(events, DmsSinkTest.SCENARIO);
        try {
            Cli.Result result = Cli.run("load", "kinesis+dms://" + events.toAbsolutePath(), schemaTarget(schema),
                    "--transformation", recipe("/cdc/recipe-universal.yaml", schema).toString());

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains(DmsSinkTest.SCENARIO.size() + " records read")
                    .contains("0 dead-lettered");
            assertState(schema);
        } finally {
            DB.dropSchema(schema);
        }
    }

    private static void assertState(String schema) throws Exception {
        assertThat(CdcTables.universal(DB, schema, "foo")).isEqualTo(DmsSinkTest.FOO);
        assertThat(CdcTables.universal(DB, schema, "bar")).isEqualTo(DmsSinkTest.BAR);
        assertThat(CdcTables.exists(DB, schema, "tmp")).isFalse();
    }
}
