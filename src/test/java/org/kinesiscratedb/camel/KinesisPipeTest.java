package org.kinesiscratedb.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.target.RowLayout;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The pipe of {@code examples/aws-kinesis-source-to-cratedb.pipe.yaml} under Camel Main: the stock
 * {@code aws-kinesis-source} kamelet (Camel's catalog) reading the emulator, into our {@code cratedb-sink} kamelet.
 * Only the tutorial's values in the file are replaced by the test's (emulator, stream, table).
 */
class KinesisPipeTest extends CamelMainTestSupport {

    private static final String EXAMPLE = "examples/aws-kinesis-source-to-cratedb.pipe.yaml";

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:" + pipeForThisTest());
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        // Ours from the project folder, aws-kinesis-source from the catalog jar.
        properties.put("camel.component.kamelet.location", "file:kamelets,classpath:kamelets");
        return properties;
    }

    private static Path pipeForThisTest() {
        return pipeFile(KINESIS.endpoint(), "pipe", DB.targetUrl("pipe"), "camel-pipe");
    }

    /**
     * The example, in {@code <build dir>/<folder>/}, with an emulator's endpoint and keys, the stream and the target
     * instead of the tutorial's values.
     */
    static Path pipeFile(URI endpoint, String stream, String target, String folder) {
        try {
            String pipe = Files.readString(Path.of(EXAMPLE), StandardCharsets.UTF_8);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("stream: demo", "stream: " + stream);
            values.put("accessKey: test", "accessKey: " + KinesisEmulator.ACCESS_KEY);
            values.put("secretKey: test", "secretKey: " + KinesisEmulator.SECRET_KEY);
            values.put("RAW(http://localhost:4566)", "RAW(" + endpoint + ")");
            values.put("target: crate://crate@localhost:4200/testdrive/kinesis", "target: " + target);
            for (Map.Entry<String, String> value : values.entrySet()) {
                assertThat(pipe).contains(value.getKey());
                pipe = pipe.replace(value.getKey(), value.getValue());
            }
            Path copy = CamelJBang.buildDir().resolve(folder).resolve("aws-kinesis-source-to-cratedb.pipe.yaml");
            Files.createDirectories(copy.getParent());
            return Files.writeString(copy, pipe, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doPreSetup() throws Exception {
        KINESIS.createStream("pipe", 1);
        KINESIS.putJson("pipe", CamelRunIT.RECORD_1, CamelRunIT.RECORD_2);
    }

    @Test
    void thePipeWritesEachKinesisRecordAsARowWithTheIdLoadGivesIt() throws Exception {
        assertThat(Rows.awaitCount(DB, "pipe", n -> n >= 2, 60)).isEqualTo(2);

        String shardId = KINESIS.shards("pipe").get(0).shardId();
        String iterator = KINESIS.client().getShardIterator(b -> b.streamName("pipe").shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = KINESIS.client().getRecords(b -> b.shardIterator(iterator)).records();
        assertThat(records).hasSize(2);
        List<Map<String, Object>> rows = Rows.query(DB, "SELECT kinesis_msg_id, sensor_id, humidity FROM "
                + DB.dialect().qualified(DB.schema(), "pipe") + " ORDER BY sensor_id");
        assertThat(rows).extracting(row -> row.get("kinesis_msg_id")).containsExactlyInAnyOrderElementsOf(
                records.stream().map(record -> RowLayout.messageId(shardId, record.sequenceNumber()))
                        .collect(Collectors.toList()));
        assertThat(rows).extracting(row -> row.get("sensor_id"), row -> row.get("humidity"))
                .containsExactly(tuple(1L, 84.84),
                        tuple(2L, 80.82));
    }
}
