package org.kinesiscratedb.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * kinesis-cratedb embedded in an existing Camel application ({@link MyCamelApplication}): the application's own YAML
 * routes ({@code embedding/routes/my-app.camel.yaml}) use our beans by name, with only our shard route template taken
 * from the jar ({@code classpath:kinesis-cratedb/routes/kinesis-shard.camel.yaml}).
 */
class EmbeddingTest {

    /** The README's DMS worked example: create-table, load, update. */
    static final String[] DMS_EVENTS = {
        "{\"control\": {\"table-def\": {\"columns\": {\"id\": {\"type\": \"INT32\"}, \"name\": {\"type\": \"STRING\"},"
                + " \"height\": {\"type\": \"DOUBLE\"}}, \"primary-key\": [\"id\"]}}, \"metadata\": {\"record-type\":"
                + " \"control\", \"operation\": \"create-table\", \"schema-name\": \"public\", \"table-name\": \"demo\"}}",
        "{\"data\": {\"id\": 46, \"name\": \"Jane\", \"height\": 25}, \"metadata\": {\"record-type\": \"data\","
                + " \"operation\": \"load\", \"schema-name\": \"public\", \"table-name\": \"demo\"}}",
        "{\"data\": {\"id\": 46, \"name\": \"Jane\", \"height\": 1.77}, \"metadata\": {\"record-type\": \"data\","
                + " \"operation\": \"update\", \"schema-name\": \"public\", \"table-name\": \"demo\"}}",
    };

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static Main app;

    @BeforeAll
    static void startTheApplication() throws Exception {
        KINESIS.createStream("sensors", 2);
        KINESIS.putJson("sensors", CamelRunIT.RECORD_1, CamelRunIT.RECORD_2);
        KINESIS.createStream("orders", 1);
        KINESIS.putJson("orders", DMS_EVENTS);

        app = MyCamelApplication.create();
        app.addOverrideProperty("my-app.sensors.source", KINESIS.sourceUrl("sensors", "checkpointer=cratedb",
                "checkpointer-schema=" + DB.schema(), "checkpointer-interval=1"));
        app.addOverrideProperty("my-app.sensors.target", DB.targetUrl("sensors"));
        app.addOverrideProperty("my-app.checkpoint-schema", DB.schema());
        app.addOverrideProperty("my-app.dms.source", "kinesis+dms://" + KinesisEmulator.ACCESS_KEY + ":"
                + KinesisEmulator.SECRET_KEY + "@127.0.0.1:" + KINESIS.port() + "/orders?region=us-east-1");
        app.addOverrideProperty("my-app.dms.target", DB.targetUrl(null));
        app.addOverrideProperty("my-app.readings.target", DB.targetUrl("readings"));
        app.addOverrideProperty("my-app.readings.transformation",
                Path.of("src/test/resources/camel/readings.transformation.yaml").toAbsolutePath().toString());
        app.start();
    }

    @AfterAll
    static void stopTheApplication() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void aRelayBeanOfTheApplicationLoadsItsStreamAndSavesCheckpoints() throws Exception {
        assertThat(Rows.awaitCount(DB, "sensors", n -> n >= 2, 60)).isEqualTo(2);
        assertThat(app.getCamelContext().getRoutes()).extracting(route -> route.getRouteId())
                .contains("sensorRelay-sensors-shardId-000000000000", "sensorRelay-sensors-shardId-000000000001");

        KINESIS.putJson("sensors", "{\"sensor_id\":3,\"temperature\":40.5}");
        assertThat(Rows.awaitCount(DB, "sensors", n -> n >= 3, 60)).isEqualTo(3);

        // The checkpoint route policy of the relay, bound by name, saves each shard's position.
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Map<String, Object>> checkpoints = List.of();
        while (System.nanoTime() < deadline) {
            checkpoints = Rows.tableExists(DB, "kinesis_checkpoints") ? Rows.query(DB, "SELECT shard_id FROM "
                    + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = 'sensors'"
                    + " AND sequence IS NOT NULL") : List.of();
            if (!checkpoints.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(checkpoints).isNotEmpty();
        // Nothing is a week old: the application's pruner deletes nothing.
        assertThat(producer().requestBody("direct:prune-checkpoints", null, Long.class)).isZero();
    }

    @Test
    void aSecondRelayBeanAppliesDmsChangeEvents() throws Exception {
        assertThat(Rows.awaitCount(DB, "demo", n -> n >= 1, 60)).isEqualTo(1);
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Map<String, Object>> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = Rows.query(DB, "SELECT id, name, height FROM " + DB.dialect().qualified(DB.schema(), "demo"));
            if (rows.size() == 1 && ((Number) rows.get(0).get("height")).doubleValue() == 1.77) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(rows).extracting(row -> ((Number) row.get("id")).intValue(), row -> row.get("name"),
                row -> ((Number) row.get("height")).doubleValue()).containsExactly(tuple(46, "Jane", 1.77));
    }

    @Test
    void theApplicationsOwnRouteTransformsMessagesAndWritesThemThroughTheSinkBean() throws Exception {
        ProducerTemplate producer = producer();
        producer.sendBody("direct:readings", "{\"sensor_id\":0,\"humidity\":10.5}"); // dropped by the transformation
        producer.sendBody("direct:readings", "{\"sensor_id\":5,\"humidity\":50.5}");
        producer.sendBody("direct:readings", "{\"sensor_id\":6,\"humidity\":60.5}");

        assertThat(Rows.query(DB, "SELECT sensor_id, rel_humidity FROM "
                + DB.dialect().qualified(DB.schema(), "readings") + " ORDER BY sensor_id"))
                .extracting(row -> row.get("sensor_id"), row -> row.get("rel_humidity"))
                .containsExactly(tuple(5L, 50.5), tuple(6L, 60.5));
    }

    private static ProducerTemplate producer() {
        return app.getCamelContext().createProducerTemplate();
    }
}
