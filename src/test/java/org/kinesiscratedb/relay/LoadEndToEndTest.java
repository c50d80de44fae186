package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kinesiscratedb.testing.Cli;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/** {@code load} end to end: a real emulator (kinesis-local), the real command, a real database. */
class LoadEndToEndTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    static final String TUTORIAL_1 = "{\"sensor_id\":1,\"ts\":\"2025-06-01 10:00\",\"temperature\":42.42,\"humidity\":84.84}";
    static final String TUTORIAL_2 = "{\"sensor_id\":2,\"ts\":\"2025-06-01 11:00\",\"temperature\":45.21,\"humidity\":80.82}";

    record Result(int exitCode, String out, String err) {
    }

    static Result load(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "load";
        System.arraycopy(args, 0, full, 1, args.length);
        Cli.Result result = Cli.run(full);
        return new Result(result.exitCode(), result.out(), result.err());
    }

    @Test
    void theTutorialsTwoRecordsBecomeTwoRowsWithThePayloadKeysAsColumns() throws Exception {
        KINESIS.createStream("demo", 1);
        KINESIS.putJson("demo", TUTORIAL_1, TUTORIAL_2);

        Result result = load(KINESIS.sourceUrl("demo"), DB.targetUrl("kinesis"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("2 records read, 2 rows written, 0 dead-lettered");
        List<Map<String, Object>> rows = Rows.query(DB, "SELECT sensor_id, ts, temperature, humidity, kinesis_msg_id FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis") + " ORDER BY sensor_id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("sensor_id", 1L).containsEntry("ts", "2025-06-01 10:00")
                .containsEntry("temperature", 42.42).containsEntry("humidity", 84.84);
        assertThat(rows.get(1)).containsEntry("sensor_id", 2L).containsEntry("temperature", 45.21);
        assertThat(rows.get(0).get("kinesis_msg_id")).isNotEqualTo(rows.get(1).get("kinesis_msg_id"));
        Map<String, String> types = Rows.columnTypes(DB, "kinesis");
        assertThat(types).containsEntry("sensor_id", "bigint").containsEntry("ts", "text")
                .containsEntry("temperature", "double precision").containsEntry("humidity", "double precision")
                .containsEntry("kinesis_msg_id", "text").containsKey("kinesis");
    }

    @Test
    void tenThousandRecordsOverFourShardsLoadOnceAndAgainWithoutDuplicates() throws Exception {
        KINESIS.createStream("volume", 4);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            payloads.add(("{\"n\":" + i + ",\"name\":\"r" + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        KINESIS.put("volume", payloads, 64);

        Result first = load(KINESIS.sourceUrl("volume"), DB.targetUrl("volume"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("10000 records read, 10000 rows written");
        assertThat(Rows.count(DB, "volume")).isEqualTo(10_000);

        Result again = load(KINESIS.sourceUrl("volume"), DB.targetUrl("volume"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Rows.count(DB, "volume")).isEqualTo(10_000);
        assertThat(Rows.query(DB, "SELECT count(DISTINCT n) AS d FROM "
                + DB.dialect().qualified(DB.schema(), "volume")).get(0).get("d")).isEqualTo(10_000L);
    }

    @Test
    void recordsThatAreNotJsonObjectsGoToTheDeadLetterTableAndTheRestIsLoaded() throws Exception {
        KINESIS.createStream("mixed", 1);
        KINESIS.put("mixed", List.of(
                "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
                "this is not json".getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28},
                "{\"id\":2}".getBytes(StandardCharsets.UTF_8)), 1);

        Result result = load(KINESIS.sourceUrl("mixed"), DB.targetUrl("mixed"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("5 records read, 2 rows written, 3 dead-lettered");
        assertThat(Rows.count(DB, "mixed")).isEqualTo(2);
        List<Map<String, Object>> errors = Rows.query(DB, "SELECT payload, payload_encoding, error FROM "
                + DB.dialect().qualified(DB.schema(), "mixed_errors") + " ORDER BY seq_no");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).containsEntry("payload", "this is not json").containsEntry("payload_encoding", "utf-8");
        assertThat(errors.get(1)).containsEntry("payload", "[1,2,3]");
        assertThat((String) errors.get(1).get("error")).contains("array");
        assertThat(errors.get(2)).containsEntry("payload_encoding", "base64").containsEntry("payload", "wyg=");
    }

    @Test
    void startDateSkipsRecordsThatArrivedBefore() throws Exception {
        KINESIS.createStream("dated", 2);
        KINESIS.putJson("dated", "{\"phase\":\"before\",\"i\":1}", "{\"phase\":\"before\",\"i\":2}");
        Thread.sleep(1500);
        Instant between = Instant.now();
        Thread.sleep(1500);
        KINESIS.putJson("dated", "{\"phase\":\"after\",\"i\":3}", "{\"phase\":\"after\",\"i\":4}",
                "{\"phase\":\"after\",\"i\":5}");
        String startDate = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC)
                .format(between);

        Result result = load(KINESIS.sourceUrl("dated", "start_date=" + startDate), DB.targetUrl("dated"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        Set<Object> phases = Rows.query(DB, "SELECT phase FROM " + DB.dialect().qualified(DB.schema(), "dated"))
                .stream().map(row -> row.get("phase")).collect(Collectors.toSet());
        assertThat(phases).containsExactly("after");
        assertThat(Rows.count(DB, "dated")).isEqualTo(3);
    }

    @Test
    void aTransformationFileReshapesFiltersAndDeadLettersRecords(@TempDir Path dir) throws Exception {
        KINESIS.createStream("shaped", 1);
        KINESIS.putJson("shaped",
                "{\"sensor_id\":1,\"ts\":1700000000123,\"humidity\":84.8,\"battery\":\"97\",\"secret\":\"s3cr3t\"}",
                "{\"sensor_id\":0,\"ts\":1700000000456,\"humidity\":10.0}",
                "{\"sensor_id\":2,\"ts\":1700000000789,\"battery\":\"n/a\"}");
        Path file = dir.resolve("transformation.yaml");
        Files.writeString(file, String.join("\n",
                "meta: {type: tikray-project, version: 1}",
                "collections:",
                "- address: {container: " + DB.schema() + ", name: shaped}",
                "  schema: {rules: [{pointer: /ts, type: DATETIME}]}",
                "  pre: {rules: [{type: jmes, expression: \"[?sensor_id != `0`]\"}]}",
                "  bucket:",
                "    names: {rules: [{old: humidity, new: rel_humidity}]}",
                "    values: {rules: [{pointer: /ts, transformer: to_datetime},"
                        + " {pointer: /battery, transformer: builtins.int}]}",
                "  treatment: {ignore_field: [secret]}"));

        Result result = load(KINESIS.sourceUrl("shaped"), DB.targetUrl("shaped"), "--transformation", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("3 records read, 1 rows written, 1 dead-lettered, 1 filtered");
        Map<String, String> types = Rows.columnTypes(DB, "shaped");
        assertThat(types).containsEntry("ts", "timestamp with time zone").containsEntry("battery", "bigint")
                .containsKey("rel_humidity").doesNotContainKeys("secret", "humidity");
        Map<String, Object> row = Rows.query(DB, "SELECT sensor_id, battery, rel_humidity FROM "
                + DB.dialect().qualified(DB.schema(), "shaped")).get(0);
        assertThat(row).containsEntry("sensor_id", 1L).containsEntry("battery", 97L).containsEntry("rel_humidity", 84.8);
        assertThat((String) Rows.query(DB, "SELECT error FROM " + DB.dialect().qualified(DB.schema(), "shaped_errors"))
                .get(0).get("error")).contains("bucket.values.rules[1]").contains("n/a");
    }

    @Test
    void aBadTransformationFileIsAUsageErrorNamingTheRule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "meta: {type: tikray-collection, version: 1}\n"
                + "bucket: {values: {rules: [{pointer: /x, transformer: builtins.integer}]}}\n");

        Result result = load(KINESIS.sourceUrl("demo"), DB.targetUrl("never"), "--transformation", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bad.yaml").contains("builtins.integer").contains("builtins.int");
    }

    @Test
    void aStreamThatDoesNotExistFailsWithAClearMessage() {
        Result result = load(KINESIS.sourceUrl("no-such-stream"), DB.targetUrl("nothing"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Stream 'no-such-stream' not found");
        assertThat(result.err()).doesNotContain(KinesisEmulator.SECRET_KEY);
    }

    @Test
    void aBadSourceUrlIsAUsageError() {
        Result result = load("kinesis:?table=demo&region_name=us-east-1&colour=blue", DB.targetUrl("nothing"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("colour");
    }
}
