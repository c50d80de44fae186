package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.Cli;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Hostile and broken input, end to end through {@code load}, all in one stream: every record is either loaded
 * correctly or in the dead-letter table with a reason, and the load never crashes. (The writer's unit tests cover
 * the same rules in detail: TableWriterTest, RowPlannerTest, RecordDecoderTest; here the whole path runs: Kinesis,
 * decoding, planning, DDL, the batch, the dead letters.)
 *
 * <p>Where CrateDB and PostgreSQL differ (PostgreSQL stores objects and arrays as JSONB and has no 32 KB limit on
 * text), the expectation says so.
 */
class HostileInputTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kinesis' limit: 1 MiB for data plus partition key ("key-0"). */
    private static final int MAX_RECORD = 1024 * 1024 - "key-0".length();
    private static final String SQL_KEY = "x\"; DROP TABLE t; --";
    private static final String SQL_KEY_2 = "'); DELETE FROM kinesis_checkpoints; --";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String nested(int levels) {
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            json.append("{\"d\":");
        }
        json.append("{\"leaf\":1}");
        json.append("}".repeat(levels));
        return json.toString();
    }

    private static String wide(int keys) {
        StringBuilder json = new StringBuilder("{\"case\":\"wide\"");
        for (int i = 0; i < keys; i++) {
            json.append(",\"w").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    private static String max() {
        String head = "{\"case\":\"max\",\"blob\":\"";
        return head + "x".repeat(MAX_RECORD - head.length() - 2) + "\"}";
    }

    private List<byte[]> hostileRecords() {
        List<byte[]> records = new ArrayList<>();
        byte[] invalidUtf8 = utf8("{\"case\":\"utf8\",\"v\":\"..\"}");
        invalidUtf8[20] = (byte) 0xC3; // a lead byte followed by '(' is no UTF-8
        invalidUtf8[21] = (byte) 0x28;
        records.add(invalidUtf8);
        records.add(utf8("{\"case\": \"notjson\", oops"));
        records.add(utf8("42"));
        records.add(utf8("\"just text\""));
        records.add(utf8("true"));
        records.add(utf8("null"));
        records.add(utf8("[{\"case\":\"array\"}]"));
        records.add(new byte[0]);
        records.add(utf8(max()));
        records.add(utf8("{\"case\":\"deep\",\"d\":" + nested(99) + "}")); // 100 levels of objects
        records.add(utf8("{\"case\":\"key-empty\",\"\":1}"));
        records.add(utf8("{\"case\":\"key-dot\",\"a.b\":1}"));
        records.add(utf8("{\"case\":\"key-bracket\",\"a[0]\":1}"));
        records.add(utf8("{\"case\":\"key-system\",\"_id\":1}"));
        records.add(utf8("{\"case\":\"keys-legal\",\"_under\":1,\"with space\":2,\"quote\\\"d\":3,\"apos'trophe\":4,"
                + "\"close]bracket\":5,\"Temp\":6,\"temp\":7,\"ünïcødé_温度\":8}"));
        records.add(utf8(wide(1_100)));
        records.add(utf8("{\"case\":\"conflict-b\",\"level\":\"n/a\"}"));
        records.add(utf8("{\"case\":\"mixed\",\"m\":[1,\"a\",true]}"));
        records.add(utf8("{\"case\":\"nested-arrays\",\"na\":[[1,2],[3]]}"));
        records.add(utf8("{\"case\":\"nulls\",\"a\":null,\"o\":{\"x\":null,\"y\":{\"z\":null}},\"l\":[null,null],"
                + "\"e\":[]}"));
        String sqlKey = SQL_KEY.replace("\"", "\\\"");
        records.add(utf8("{\"case\":\"sql\",\"" + sqlKey + "\":\"" + sqlKey + "\",\"" + SQL_KEY_2
                + "\":\"' OR '1'='1\"}"));
        return records;
    }

    @Test
    void everyHostileRecordIsLoadedOrDeadLetteredWithAReason() throws Exception {
        KINESIS.createStream("hostile", 1);
        KINESIS.putJson("hostile", "{\"case\":\"conflict-a\",\"level\":5}");
        Cli.Result first = Cli.run("load", KINESIS.sourceUrl("hostile"), DB.targetUrl("hostile"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(Rows.columnTypes(DB, "hostile")).containsEntry("level", "bigint");

        List<byte[]> records = hostileRecords();
        KINESIS.put("hostile", records, 1);
        Cli.Result load = Cli.run("load", KINESIS.sourceUrl("hostile"), DB.targetUrl("hostile"));

        assertThat(load.exitCode()).as(load.err()).isZero();
        int total = records.size() + 1;
        assertThat(load.out()).contains(total + " records read");

        Map<String, Map<String, Object>> rows = new HashMap<>();
        String hostile = DB.dialect().qualified(DB.schema(), "hostile");
        for (Map<String, Object> row : Rows.query(DB, "SELECT * FROM " + hostile)) {
            rows.put((String) row.get("case"), row);
        }
        Map<String, String> reasons = new HashMap<>(); // case (or payload) -> error
        Map<String, String> encodings = new HashMap<>();
        for (Map<String, Object> letter : Rows.query(DB, "SELECT payload, payload_encoding, error FROM "
                + DB.dialect().qualified(DB.schema(), "hostile_errors"))) {
            String payload = (String) letter.get("payload");
            String key = payload;
            try {
                JsonNode node = JSON.readTree(payload);
                if (node != null && node.isObject() && node.has("case")) {
                    key = node.get("case").asText();
                }
            } catch (Exception notJson) {
                // keyed by the payload itself
            }
            if ("base64".equals(letter.get("payload_encoding"))) {
                key = "utf8";
            }
            reasons.put(key, (String) letter.get("error"));
            encodings.put(key, (String) letter.get("payload_encoding"));
        }
        System.out.println("hostile input: rows " + rows.keySet() + ", dead letters " + reasons);
        assertThat(rows.size() + reasons.size()).as("every record is a row or a dead letter").isEqualTo(total);

        // Dead letters on every database, each with its reason.
        assertThat(reasons.get("utf8")).contains("not valid UTF-8");
        assertThat(encodings.get("utf8")).isEqualTo("base64");
        assertThat(reasons.get("{\"case\": \"notjson\", oops")).contains("not valid JSON");
        assertThat(reasons.get("42")).contains("not an object");
        assertThat(reasons.get("\"just text\"")).contains("not an object");
        assertThat(reasons.get("true")).contains("not an object");
        assertThat(reasons.get("null")).contains("not an object");
        assertThat(reasons.get("[{\"case\":\"array\"}]")).contains("not an object");
        assertThat(reasons.get("")).contains("empty");
        assertThat(reasons.get("key-empty")).contains("empty key");
        assertThat(reasons.get("key-dot")).contains("\"a.b\"").contains("\".\"");
        assertThat(reasons.get("key-bracket")).contains("\"a[0]\"").contains("\"[\"");
        assertThat(reasons.get("key-system")).contains("\"_id\" is a reserved system column name");
        assertThat(reasons.get("conflict-b")).contains("column \"level\" is BIGINT").contains("\"n/a\"")
                .contains("does not fit");

        // Loaded on every database, under the exact names.
        assertThat(rows.get("conflict-a")).containsEntry("level", 5L);
        assertThat(rows.get("keys-legal")).containsEntry("_under", 1L).containsEntry("with space", 2L)
                .containsEntry("quote\"d", 3L).containsEntry("apos'trophe", 4L).containsEntry("close]bracket", 5L)
                .containsEntry("Temp", 6L).containsEntry("temp", 7L).containsEntry("ünïcødé_温度", 8L);
        assertThat(rows.get("sql")).containsEntry(SQL_KEY, SQL_KEY).containsEntry(SQL_KEY_2, "' OR '1'='1");
        assertThat(rows.get("nulls")).isNotNull();
        assertThat(Rows.columnTypes(DB, "hostile")).as("no column for a key that was only ever null")
                .doesNotContainKeys("a");

        if (DB.isCrateDb()) {
            assertThat(reasons.get("max")).contains("cannot index text over 32766 bytes");
            assertThat(reasons.get("mixed")).contains("mixes");
            assertThat(reasons.get("nested-arrays")).contains("nested arrays");
            assertThat(reasons.get("wide")).contains("at most 1000");
            assertThat(Rows.columnTypes(DB, "hostile")).doesNotContainKeys("l", "e");
            assertThat(rows.containsKey("deep") || !reasons.getOrDefault("deep", "").isBlank()).isTrue();
        } else {
            assertThat((String) rows.get("max").get("blob")).hasSize(MAX_RECORD - "{\"case\":\"max\",\"blob\":\"\"}"
                    .length());
            assertThat(JSON.readTree(rows.get("mixed").get("m").toString())).isEqualTo(JSON.readTree("[1,\"a\",true]"));
            assertThat(JSON.readTree(rows.get("nested-arrays").get("na").toString()))
                    .isEqualTo(JSON.readTree("[[1,2],[3]]"));
            assertThat(JSON.readTree(rows.get("deep").get("d").toString())).isEqualTo(JSON.readTree(nested(99)));
            // 1,100 BIGINT columns fit PostgreSQL's 1,600, but not its 8 KB row: the server's reason is kept.
            assertThat(reasons.get("wide")).contains("row is too big");
        }

        Cli.Result again = Cli.run("load", KINESIS.sourceUrl("hostile"), DB.targetUrl("hostile"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Rows.count(DB, "hostile")).as("a replay adds no rows").isEqualTo(rows.size());
        assertThat(Rows.count(DB, "hostile_errors")).as("nor dead letters").isEqualTo(reasons.size());
    }

    /**
     * Identifiers from the URL are validated (stream, checkpoint schema) or quoted (target schema and table); values
     * (the checkpoint namespace) are bound. Nothing of them is ever run as SQL.
     */
    @Test
    void hostileNamesInTheUrlsAreRefusedOrQuotedNeverExecuted() throws Exception {
        KINESIS.createStream("names", 1);
        KINESIS.putJson("names", "{\"a\":1}", "{\"a\":2}");
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + DB.dialect().qualified(DB.schema(), "victim") + " (x INT)");
        }
        String table = "t\"; DROP SCHEMA \"" + DB.schema() + "\" CASCADE; --"; // names may not contain '.'
        String schema = "s'; DROP TABLE victim; --";
        String namespace = "n'); DELETE FROM kinesis_checkpoints; --";

        Cli.Result badStream = Cli.run("load", KINESIS.sourceUrl("x\";DROP"), DB.targetUrl("whatever"));
        assertThat(badStream.exitCode()).isEqualTo(2);
        assertThat(badStream.err()).contains("is not a Kinesis stream name");

        Cli.Result badSchema = Cli.run("load", KINESIS.sourceUrl("names", "checkpointer=cratedb",
                "checkpointer-schema=" + encode("ext\"; DROP")), DB.targetUrl("whatever"));
        assertThat(badSchema.exitCode()).isEqualTo(2);
        assertThat(badSchema.err()).contains("checkpointer-schema");

        Cli.Result quotedTable = Cli.run("load", KINESIS.sourceUrl("names", "checkpointer=cratedb",
                "checkpointer-schema=" + DB.schema(), "checkpointer-name=" + encode(namespace)),
                DB.targetUrl(encode(table)));
        assertThat(quotedTable.exitCode()).as(quotedTable.err()).isZero();
        assertThat(Rows.tableExists(DB, "victim")).isTrue();
        assertThat(Rows.count(DB, table)).isEqualTo(2);
        assertThat(Rows.query(DB, "SELECT namespace FROM " + DB.dialect().qualified(DB.schema(),
                "kinesis_checkpoints"))).extracting(row -> row.get("namespace")).containsOnly(namespace);

        String hostileSchemaTarget = DB.targetUrl("x").replace("/" + DB.schema() + "/x", "/" + encode(schema) + "/t");
        try {
            Cli.Result quotedSchema = Cli.run("load", KINESIS.sourceUrl("names"), hostileSchemaTarget);
            assertThat(quotedSchema.exitCode()).as(quotedSchema.err()).isZero();
            assertThat(Rows.query(DB, "SELECT count(*) AS n FROM " + DB.dialect().qualified(schema, "t")).get(0)
                    .get("n")).isEqualTo(2L);
            assertThat(Rows.tableExists(DB, "victim")).isTrue();
        } finally {
            DB.dropSchema(schema);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
