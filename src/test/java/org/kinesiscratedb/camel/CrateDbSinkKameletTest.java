package org.kinesiscratedb.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.kinesis.Kinesis2Constants;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.relay.CrateDbSinkProcessor;
import org.kinesiscratedb.target.RowLayout;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The {@code cratedb-sink} kamelet of {@code kamelets/}, used from routes as {@code kamelet:cratedb-sink?target=...}
 * under Camel Main (the kamelet component loads the file itself).
 */
class CrateDbSinkKameletTest extends CamelMainTestSupport {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("classpath:camel/cratedb-sink-kamelet.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("camel.component.kamelet.location", "file:kamelets");
        properties.put("test.rows.target", DB.targetUrl("rows"));
        properties.put("test.replays.target", DB.targetUrl("replays"));
        properties.put("test.rejects.target", DB.targetUrl("rejects"));
        properties.put("test.transformed.target", DB.targetUrl("transformed"));
        properties.put("test.transformation",
                Path.of("src/test/resources/camel/readings.transformation.yaml").toAbsolutePath().toString());
        return properties;
    }

    @Test
    void writesEachJsonBodyAsOneRowWithANewIdForEachMessage() throws Exception {
        Exchange text = send("direct:rows", "{\"sensor_id\":1,\"temperature\":42.42}", Map.of());
        Exchange bytes = send("direct:rows",
                "{\"sensor_id\":2,\"temperature\":45.21}".getBytes(StandardCharsets.UTF_8), Map.of());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sensor_id", 3);
        map.put("temperature", 40.5);
        Exchange object = send("direct:rows", map, Map.of());

        assertThat(List.of(text, bytes, object)).allSatisfy(exchange -> assertThat(
                exchange.getMessage().getHeader(CrateDbSinkProcessor.OUTCOME_HEADER)).isEqualTo("written"));
        List<Map<String, Object>> rows = Rows.query(DB, "SELECT kinesis_msg_id, kinesis, sensor_id, temperature FROM "
                + table("rows") + " ORDER BY sensor_id");
        assertThat(rows).extracting(row -> row.get("sensor_id"), row -> row.get("temperature"))
                .containsExactly(tuple(1L, 42.42), tuple(2L, 45.21), tuple(3L, 40.5));
        // No Kinesis headers: the kamelet's route stands for the shard and its exchange id for the sequence number.
        assertThat(rows).allSatisfy(row -> {
            JsonNode kinesis = json(row.get("kinesis"));
            assertThat(kinesis.get("shard_id").asText()).startsWith("cratedb-sink");
            assertThat(kinesis.get("stream_name").asText()).isEqualTo("readings");
            assertThat(row.get("kinesis_msg_id")).isEqualTo(
                    RowLayout.messageId(kinesis.get("shard_id").asText(), kinesis.get("seq_no").asText()));
        });
        assertThat(rows).extracting(row -> row.get("kinesis_msg_id")).doesNotHaveDuplicates();
        assertThat(Rows.columnTypes(DB, "rows")).containsEntry("sensor_id", "bigint")
                .containsEntry("temperature", "double precision");
    }

    @Test
    void aKinesisRecordSentTwiceStaysOneRowWithTheIdLoadGivesIt() throws Exception {
        Map<String, Object> headers = Map.of(
                Kinesis2Constants.SHARD_ID, "shardId-000000000001",
                Kinesis2Constants.SEQUENCE_NUMBER, "49680581934087454258697707911251476985393884938668867586",
                Kinesis2Constants.PARTITION_KEY, "sensor-7",
                Kinesis2Constants.APPROX_ARRIVAL_TIME, Instant.parse("2025-06-01T10:00:00Z"));
        String record = "{\"sensor_id\":7,\"temperature\":21.5}";

        send("direct:replays", record.getBytes(StandardCharsets.UTF_8), headers);
        send("direct:replays", record.getBytes(StandardCharsets.UTF_8), headers);

        assertThat(Rows.query(DB, "SELECT kinesis_msg_id, sensor_id FROM " + table("replays")))
                .containsExactly(Map.of("kinesis_msg_id",
                        RowLayout.messageId("shardId-000000000001",
                                "49680581934087454258697707911251476985393884938668867586"),
                        "sensor_id", 7L));
    }

    @Test
    void deadLettersWhatCannotBeLoadedAndGoesOn() throws Exception {
        assertThat(outcome("direct:rejects", "{\"sensor_id\":1,\"temperature\":42.42}")).isEqualTo("written");
        assertThat(outcome("direct:rejects", "not json")).isEqualTo("dead-lettered");
        assertThat(outcome("direct:rejects", "[1, 2]")).isEqualTo("dead-lettered");
        assertThat(outcome("direct:rejects", "{\"sensor_id\":\"one\"}")).isEqualTo("dead-lettered");
        assertThat(outcome("direct:rejects", "{\"sensor_id\":2,\"temperature\":45.21}")).isEqualTo("written");

        assertThat(Rows.count(DB, "rejects")).isEqualTo(2);
        assertThat(Rows.query(DB, "SELECT error FROM " + table("rejects_errors") + " ORDER BY failed_at"))
                .extracting(row -> (String) row.get("error"))
                .satisfiesExactly(
                        error -> assertThat(error).startsWith("payload is not valid JSON"),
                        error -> assertThat(error).isEqualTo("JSON value is an array, not an object"),
                        error -> assertThat(error).contains("sensor_id").contains("BIGINT"));
    }

    @Test
    void appliesTheTransformationFile() throws Exception {
        assertThat(outcome("direct:transformed", "{\"sensor_id\":0,\"humidity\":10.5}")).isEqualTo("filtered");
        assertThat(outcome("direct:transformed", "{\"sensor_id\":1,\"humidity\":84.84}")).isEqualTo("written");

        assertThat(Rows.query(DB, "SELECT sensor_id, rel_humidity FROM " + table("transformed")))
                .containsExactly(Map.of("sensor_id", 1L, "rel_humidity", 84.84));
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange exchange = template.request(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new LinkedHashMap<>(headers));
        });
        assertThat(exchange.getException()).isNull();
        return exchange;
    }

    private String outcome(String uri, String body) {
        return send(uri, body, Map.of()).getMessage().getHeader(CrateDbSinkProcessor.OUTCOME_HEADER, String.class);
    }

    private static String table(String name) {
        return DB.dialect().qualified(DB.schema(), name);
    }

    /** The kinesis column: a JSON text on PostgreSQL, a map on CrateDB. */
    private static JsonNode json(Object column) {
        try {
            return column instanceof Map<?, ?> map ? JSON.valueToTree(map) : JSON.readTree(String.valueOf(column));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
