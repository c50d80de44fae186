package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.relay.RecordSink.SinkResult;
import org.kinesiscratedb.target.WriterOptions;
import org.kinesiscratedb.testing.TestDatabase;

/** DynamoDB Streams records applied to a real database: INSERT, MODIFY and REMOVE of items of every type. */
class DynamoDbSinkTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final WriterOptions FAST = new WriterOptions(Duration.ofMillis(5), Duration.ofMillis(40));
    static final List<String> SCENARIO = Records.lines("/cdc/dynamodb-scenario.ndjson");
    static final List<JsonNode> FINAL_ITEMS = CdcTables.rows("""
            {"device": "foo", "ts": 1720740233, "temperature": 1.77, "online": false,
             "location": {"city": "Hamburg"}, "tags": ["a", "b", "z"], "levels": [3], "note": "now text"}""",
            "{\"device\": \"baz\", \"ts\": 1720740235, \"temperature\": 1}");

    private static DynamoDbSink sink(String table) throws Exception {
        DynamoDbSink sink = new DynamoDbSink(DB.dataSource(), DB.dialect(), DB.schema(), table, FAST);
        sink.open();
        return sink;
    }

    @Test
    void insertStoresEveryAttributeTypeInPkDataAndAux() throws Exception {
        try (DynamoDbSink sink = sink("inserted")) {
            assertThat(sink.write(Records.of(SCENARIO.subList(0, 1)))).isEqualTo(new SinkResult(1, 0));
        }

        ObjectNode item = CdcTables.documents(DB, DB.schema(), "inserted").get(0);

        assertThat(item.get("pk")).isEqualTo(CdcTables.canonical(Dms.json("{\"device\": \"foo\", \"ts\": "
                + "1720740233}")));
        JsonNode data = item.get("data");
        assertThat(data.get("big").doubleValue()).as("N is a number").isEqualTo(1.2345678901234567e19);
        ((ObjectNode) data).remove("big");
        ((ObjectNode) data).remove("note");
        assertThat(data).isEqualTo(CdcTables.canonical(Dms.json("""
                {"temperature": 25, "humidity": 84.84, "online": true, "location": {"city": "Berlin", "floor": 3},
                 "readings": [1, 2.5], "tags": ["a", "b"], "levels": [1, 2.5], "blobs": ["AAE="], "raw": "AQID"}""")));
        assertThat(item.get("aux")).isEqualTo(CdcTables.canonical(Dms.json("{\"mixed\": [\"a\", 1, false]}")));
    }

    @Test
    void modifyAndRemoveLeaveTheItemsOfTheSource() throws Exception {
        try (DynamoDbSink sink = sink("demo")) {

            SinkResult result = sink.write(Records.of(SCENARIO));

            assertThat(result).isEqualTo(new SinkResult(SCENARIO.size(), 0));
        }
        assertThat(CdcTables.universal(DB, DB.schema(), "demo")).isEqualTo(FINAL_ITEMS);
    }

    @Test
    void aRestartedSinkFindsTheTableAndAReplayChangesNothing() throws Exception {
        try (DynamoDbSink sink = sink("restarted")) {
            sink.write(Records.of(SCENARIO.subList(0, 3)));
        }
        try (DynamoDbSink restarted = sink("restarted")) {
            restarted.write(Records.of(SCENARIO.subList(3, SCENARIO.size()), 4));
            assertThat(restarted.write(Records.of(SCENARIO)).deadLettered()).isZero();
        }

        assertThat(CdcTables.universal(DB, DB.schema(), "restarted")).isEqualTo(FINAL_ITEMS);
    }
}
