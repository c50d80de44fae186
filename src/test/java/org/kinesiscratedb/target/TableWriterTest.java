package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinesiscratedb.target.TargetTables.json;
import static org.kinesiscratedb.target.TargetTables.record;
import static org.kinesiscratedb.target.TargetTables.row;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.source.DecodedRecord;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.RecordDecoder;
import org.kinesiscratedb.testing.TestDatabase;

/** The writer against a real database (PostgreSQL in CI, CrateDB with KCR_TEST_JDBC_URL). */
class TableWriterTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final WriterOptions FAST = new WriterOptions(Duration.ofMillis(10), Duration.ofMillis(200));

    private final TargetTables tables = new TargetTables(DB);
    private final List<TableWriter> writers = new ArrayList<>();

    private TableWriter writer(String table) throws InterruptedException {
        TableWriter writer = new TableWriter(DB.dataSource(), DB.dialect(), DB.schema(), table, FAST);
        writers.add(writer);
        writer.open();
        return writer;
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(TableWriter::close);
    }

    private String documentType() {
        return DB.isCrateDb() ? "object" : "jsonb";
    }

    @Test
    void loadsTheTutorialRecordsAsTypedColumnsWithMetadata() throws Exception {
        TableWriter writer = writer("tutorial");
        Row foo = row("{\"device\": \"foo\", \"temperature\": 42.42, \"humidity\": 84.84}");
        Row bar = row("{\"device\": \"bar\", \"temperature\": 84.84, \"humidity\": 42.42}");

        WriteResult result = writer.write(List.of(foo, bar), List.of());

        assertThat(result).isEqualTo(new WriteResult(2, 0));
        assertThat(tables.columnTypes("tutorial")).containsEntry("kinesis_msg_id", "text")
                .containsEntry("kinesis", documentType()).containsEntry("device", "text")
                .containsEntry("temperature", "double precision").containsEntry("humidity", "double precision");
        List<Map<String, Object>> rows = tables.rows("tutorial", "device");
        assertThat(rows).extracting(r -> r.get("device")).containsExactly("bar", "foo");
        assertThat(rows).extracting(r -> r.get("temperature")).containsExactly(84.84, 42.42);
        assertThat(rows.get(1).get("kinesis_msg_id")).isEqualTo(RowLayout.messageId(foo.source()));
        com.fasterxml.jackson.databind.JsonNode kinesis = json(rows.get(1).get("kinesis"));
        assertThat(kinesis.get("shard_id").asText()).isEqualTo("shardId-000000000000");
        assertThat(kinesis.get("seq_no").asText()).isEqualTo(foo.source().sequenceNumber());
        assertThat(kinesis.get("partition").asText()).isEqualTo("pk-1");
        assertThat(kinesis.get("stream_name").asText()).isEqualTo("demo");
        // CrateDB returns its typed timestamp sub-column as epoch milliseconds, PostgreSQL JSONB keeps the text.
        assertThat(kinesis.get("ts").isNumber() ? java.time.Instant.ofEpochMilli(kinesis.get("ts").asLong())
                : java.time.Instant.parse(kinesis.get("ts").asText()))
                .isEqualTo(java.time.Instant.parse("2025-06-01T10:00:00.123Z"));
        assertThat(tables.count("tutorial_errors")).isZero();
    }

    @Test
    void replayingTheSameRecordsKeepsOneRowEach() throws Exception {
        TableWriter writer = writer("replay");
        List<Row> batch = List.of(row("{\"device\": \"foo\", \"n\": 1}"), row("{\"device\": \"bar\", \"n\": 2}"));

        writer.write(batch, List.of());
        WriteResult again = writer.write(batch, List.of());

        assertThat(again).isEqualTo(new WriteResult(2, 0));
        assertThat(tables.count("replay")).isEqualTo(2);
    }

    @Test
    void aLaterRecordWithANewKeyAddsAColumn() throws Exception {
        TableWriter writer = writer("evolving");
        writer.write(List.of(row("{\"device\": \"foo\"}")), List.of());

        writer.write(List.of(row("{\"device\": \"bar\", \"battery\": 97, \"ok\": true}")), List.of());

        assertThat(tables.columnTypes("evolving")).containsEntry("battery", "bigint").containsEntry("ok", "boolean");
        assertThat(tables.rows("evolving", "device")).extracting(r -> r.get("battery")).containsExactly(97L, null);
    }

    @Test
    void deadLettersValuesThatDoNotFitTheirColumnAndLoadsTheRest() throws Exception {
        TableWriter writer = writer("conflict");
        Row first = row("{\"sensor\": \"a\", \"temperature\": 42}");
        Row fractional = row("{\"sensor\": \"b\", \"temperature\": 42.42}");
        Row text = row("{\"sensor\": \"c\", \"temperature\": \"n/a\"}");
        Row fine = row("{\"sensor\": \"d\", \"temperature\": 43}");

        WriteResult inOneBatch = writer.write(List.of(first, fractional, text, fine), List.of());
        WriteResult later = writer.write(List.of(row("{\"sensor\": \"e\", \"temperature\": 4.7}")), List.of());

        assertThat(inOneBatch).isEqualTo(new WriteResult(2, 2));
        assertThat(later).isEqualTo(new WriteResult(0, 1));
        assertThat(tables.columnTypes("conflict")).containsEntry("temperature", "bigint");
        assertThat(tables.rows("conflict", "sensor")).extracting(r -> r.get("temperature"))
                .containsExactly(42L, 43L);
        assertThat(tables.errors("conflict_errors")).containsExactly(
                "column \"temperature\" is BIGINT; value \"n/a\" does not fit",
                "column \"temperature\" is BIGINT; value 4.7 does not fit",
                "column \"temperature\" is BIGINT; value 42.42 does not fit");
        Map<String, Object> dead = tables.byId("conflict_errors").get(RowLayout.messageId(fractional.source()));
        assertThat(dead.get("payload")).isEqualTo("{\"sensor\": \"b\", \"temperature\": 42.42}");
        assertThat(dead.get("payload_encoding")).isEqualTo("utf-8");
        assertThat(dead.get("shard_id")).isEqualTo(TargetTables.SHARD);
        assertThat(dead.get("seq_no")).isEqualTo(fractional.source().sequenceNumber());
        assertThat(dead.get("partition")).isEqualTo("pk-1");
        assertThat(dead.get("stream_name")).isEqualTo("demo");
        assertThat(dead.get("arrival")).isNotNull();
        assertThat(dead.get("failed_at")).isNotNull();
    }

    @Test
    void deadLettersRecordsThatAreNotUtf8JsonObjects() throws Exception {
        TableWriter writer = writer("undecodable");
        RecordDecoder decoder = new RecordDecoder();
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        KinesisRecord binary = record(invalidUtf8);
        List<DecodedRecord> decoded = List.of(decoder.decode(binary), decoder.decode(record("not json")),
                decoder.decode(record("[1, 2]")), decoder.decode(record("{\"ok\": 1}")));

        WriteResult result = writer.writeDecoded(decoded);

        assertThat(result).isEqualTo(new WriteResult(1, 3));
        assertThat(tables.errors("undecodable_errors")).satisfiesExactly(
                error -> assertThat(error).isEqualTo("JSON value is an array, not an object"),
                error -> assertThat(error).startsWith("payload is not valid JSON: "),
                error -> assertThat(error).isEqualTo(
                        "payload is not valid UTF-8 (malformed byte sequence at offset 6)"));
        Map<String, Map<String, Object>> letters = tables.byId("undecodable_errors");
        Map<String, Object> binaryLetter = letters.get(RowLayout.messageId(binary));
        assertThat(binaryLetter.get("payload_encoding")).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode((String) binaryLetter.get("payload"))).isEqualTo(invalidUtf8);
        assertThat(letters.get(RowLayout.messageId(decoded.get(1).source())).get("payload")).isEqualTo("not json");
    }

    @Test
    void replayedDeadLettersAreNotDuplicated() throws Exception {
        TableWriter writer = writer("dlreplay");
        Rejected rejected = new Rejected(record("nope"), "payload is not valid JSON");

        writer.write(List.of(), List.of(rejected));
        WriteResult again = writer.write(List.of(), List.of(rejected));

        assertThat(again).isEqualTo(new WriteResult(0, 1));
        assertThat(tables.count("dlreplay_errors")).isEqualTo(1);
    }

    @Test
    void loadsHostileKeysIntoCorrectlyNamedColumns() throws Exception {
        TableWriter writer = writer("hostile");
        String payload = "{\"x\\\"; DROP TABLE t; --\": 1, \"with space\": \"a\", \"Temp\": 1, \"temp\": 2,"
                + " \"ünïcødé_温度\": true, \"it's\": \"q\", \"select\": \"from\"}";

        WriteResult result = writer.write(List.of(row(payload)), List.of());

        assertThat(result).isEqualTo(new WriteResult(1, 0));
        assertThat(tables.columnTypes("hostile")).containsEntry("x\"; DROP TABLE t; --", "bigint")
                .containsEntry("with space", "text").containsEntry("Temp", "bigint").containsEntry("temp", "bigint")
                .containsEntry("ünïcødé_温度", "boolean").containsEntry("it's", "text")
                .containsEntry("select", "text");
        Map<String, Object> stored = tables.rows("hostile", "kinesis_msg_id").get(0);
        assertThat(stored).containsEntry("x\"; DROP TABLE t; --", 1L).containsEntry("Temp", 1L)
                .containsEntry("temp", 2L).containsEntry("ünïcødé_温度", true).containsEntry("it's", "q");
    }

    @Test
    void deadLettersKeysCrateDbRefuses() throws Exception {
        TableWriter writer = writer("refusedkeys");

        WriteResult result = writer.write(List.of(row("{\"a.b\": 1}"), row("{\"_id\": \"x\"}"),
                row("{\"o\": {\"p[0]\": 1}}"), row("{\"kinesis\": 1}"), row("{\"fine\": 1}")), List.of());

        assertThat(result).isEqualTo(new WriteResult(1, 4));
        assertThat(tables.columnTypes("refusedkeys")).doesNotContainKeys("a.b", "_id", "o");
        assertThat(tables.errors("refusedkeys_errors")).containsExactly(
                "key \"_id\" is a reserved system column name",
                "key \"a.b\" contains \".\", which CrateDB does not allow in column names",
                "key \"kinesis\" collides with the relay's own column \"kinesis\"",
                "key \"p[0]\" in \"o\" contains \"[\", which CrateDB does not allow in column names");
    }

    @Test
    void storesObjectsAndArrays() throws Exception {
        TableWriter writer = writer("nested");
        Row row = row("{\"o\": {\"a\": 1, \"b\": {\"c\": \"x\"}}, \"tags\": [\"a\", \"b\"], \"n\": [1, 2.5]}");

        WriteResult result = writer.write(List.of(row), List.of());

        assertThat(result).isEqualTo(new WriteResult(1, 0));
        Map<String, String> types = tables.columnTypes("nested");
        if (DB.isCrateDb()) {
            assertThat(types).containsEntry("o", "object").containsEntry("o['a']", "bigint")
                    .containsEntry("o['b']['c']", "text").containsEntry("tags", "text_array")
                    .containsEntry("n", "double precision_array");
        } else {
            assertThat(types).containsEntry("o", "jsonb").containsEntry("tags", "jsonb").containsEntry("n", "jsonb");
        }
        Map<String, Object> stored = tables.rows("nested", "kinesis_msg_id").get(0);
        assertThat(json(stored.get("o"))).isEqualTo(TargetTables.MAPPER.readTree("{\"a\": 1, \"b\": {\"c\": \"x\"}}"));
        assertThat(json(stored.get("tags"))).isEqualTo(TargetTables.MAPPER.readTree("[\"a\", \"b\"]"));
        assertThat(json(stored.get("n")).get(1).asDouble()).isEqualTo(2.5);
    }

    @Test
    void treatsLongTextsAsTheDatabaseCanIndexThem() throws Exception {
        TableWriter writer = writer("longtext");
        String body = "x".repeat(40_000);

        WriteResult result = writer.write(List.of(row("{\"body\": \"" + body + "\"}")), List.of());

        if (DB.isCrateDb()) {
            assertThat(result).isEqualTo(new WriteResult(0, 1));
            Map<String, Object> letter = tables.rows("longtext_errors", "kinesis_msg_id").get(0);
            assertThat((String) letter.get("payload")).hasSize(body.length() + 12);
        } else {
            assertThat(result).isEqualTo(new WriteResult(1, 0));
            assertThat(tables.rows("longtext", "kinesis_msg_id").get(0).get("body")).isEqualTo(body);
        }
    }

    @Test
    void checksValuesAgainstColumnsSomeoneElseCreated() throws Exception {
        Dialect dialect = DB.dialect();
        tables.execute(dialect.createTableSql(DB.schema(), "custom"));
        tables.execute(dialect.addColumnSql(DB.schema(), "custom", ColumnPath.of("at"), ColumnType.TIMESTAMP));
        tables.execute(dialect.addColumnSql(DB.schema(), "custom", ColumnPath.of("small"), ColumnType.INTEGER));
        TableWriter writer = writer("custom");

        WriteResult result = writer.write(List.of(row("{\"at\": \"2025-06-01T12:00:00+02:00\", \"small\": 7}"),
                row("{\"at\": 1748772000000, \"small\": 4.7}"), row("{\"at\": \"tomorrow\"}")), List.of());

        assertThat(result).isEqualTo(new WriteResult(1, 2));
        Object at = tables.rows("custom", "kinesis_msg_id").get(0).get("at");
        assertThat(at).isInstanceOf(java.sql.Timestamp.class);
        assertThat(((java.sql.Timestamp) at).toInstant()).isEqualTo(OffsetDateTime.parse("2025-06-01T10:00:00Z")
                .toInstant());
        assertThat(tables.errors("custom_errors")).containsExactly(
                "column \"at\" is TIMESTAMP WITH TIME ZONE; value \"tomorrow\" does not fit",
                "column \"small\" is INTEGER; value 4.7 does not fit");
    }

    @Test
    void refusesATableThatWasNotMadeForTheRelay() throws Exception {
        tables.execute("CREATE TABLE " + DB.dialect().qualified(DB.schema(), "foreign_layout")
                + " (\"kinesis_msg_id\" TEXT, \"other\" TEXT)");
        TableWriter writer = new TableWriter(DB.dataSource(), DB.dialect(), DB.schema(), "foreign_layout", FAST);
        writers.add(writer);

        assertThatThrownBy(writer::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was not made for this relay");
        assertThat(tables.columnTypes("foreign_layout_errors")).isEmpty();
    }

    @Test
    void recreatesTheTableWhenItWasDropped() throws Exception {
        TableWriter writer = writer("dropped");
        writer.write(List.of(row("{\"a\": 1}")), List.of());
        tables.execute("DROP TABLE " + DB.dialect().qualified(DB.schema(), "dropped"));

        WriteResult result = writer.write(List.of(row("{\"a\": 2, \"b\": \"new\"}")), List.of());

        assertThat(result).isEqualTo(new WriteResult(1, 0));
        assertThat(tables.rows("dropped", "a")).extracting(r -> r.get("b")).containsExactly("new");
    }

    @Test
    void writesAThousandRowsInOneBatch() throws Exception {
        TableWriter writer = writer("thousand");
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(row("{\"i\": " + i + ", \"name\": \"n" + i + "\", \"even\": " + (i % 2 == 0) + "}"));
        }

        WriteResult result = writer.write(batch, List.of());

        assertThat(result).isEqualTo(new WriteResult(1_000, 0));
        assertThat(tables.count("thousand")).isEqualTo(1_000);
    }

    @Test
    void isolatesARowTheDatabaseRefusesInALargeBatch() throws Exception {
        // PostgreSQL text cannot hold NUL; CrateDB takes it. Either way no other row may be lost.
        TableWriter writer = writer("isolate");
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            batch.add(row("{\"i\": " + i + ", \"s\": \"" + (i == 300 ? "bad\\u0000" : "ok") + "\"}"));
        }

        WriteResult result = writer.write(batch, List.of());

        assertThat(result.rowsWritten() + result.deadLettered()).isEqualTo(600);
        assertThat(tables.count("isolate")).isEqualTo(result.rowsWritten()).isGreaterThanOrEqualTo(599);
        assertThat(tables.count("isolate_errors")).isEqualTo(result.deadLettered());
    }

    @Test
    void concurrentWritersWithOverlappingNewKeysLoseNothing() throws Exception {
        TableWriter writer = writer("concurrent");
        int threads = 4;
        int batches = 5;
        int rowsPerBatch = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                int written = 0;
                for (int b = 0; b < batches; b++) {
                    List<Row> batch = new ArrayList<>();
                    for (int r = 0; r < rowsPerBatch; r++) {
                        batch.add(row("{\"shared_" + b + "\": " + r + ", \"common\": \"t" + thread
                                + "\", \"own_" + thread + "_" + b + "\": true, \"o\": {\"k" + b + "\": " + r + "}}"));
                    }
                    WriteResult result = writer.write(batch, List.of());
                    assertThat(result.deadLettered()).isZero();
                    written += result.rowsWritten();
                }
                return written;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(total).isEqualTo(threads * batches * rowsPerBatch);
        assertThat(tables.count("concurrent")).isEqualTo(threads * batches * rowsPerBatch);
        assertThat(tables.count("concurrent_errors")).isZero();
        assertThat(tables.columnTypes("concurrent")).containsEntry("shared_4", "bigint")
                .containsEntry("own_3_4", "boolean").containsEntry("common", "text");
    }

    @Test
    void deadLetterPayloadsKeepNonAsciiText() throws Exception {
        TableWriter writer = writer("unicode");
        String payload = "{\"temperature\": \"warm ☀\"}";
        writer.write(List.of(row("{\"temperature\": 1}")), List.of());

        writer.write(List.of(row(payload)), List.of());

        Map<String, Object> letter = tables.rows("unicode_errors", "kinesis_msg_id").get(0);
        assertThat(letter.get("payload")).isEqualTo(payload);
        assertThat(((String) letter.get("payload")).getBytes(StandardCharsets.UTF_8)).hasSize(27);
    }
}
