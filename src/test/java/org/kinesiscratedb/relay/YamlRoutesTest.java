package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The project's own routes/*.camel.yaml and application.properties under Camel Main test support,
 * with only the source and target URLs overridden: the relay bean comes from the properties file, as with `run`.
 */
class YamlRoutesTest extends CamelMainTestSupport {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml"); // as run does
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties overrides = new Properties();
        overrides.put("kinesis-cratedb.source", KINESIS.sourceUrl("yaml"));
        overrides.put("kinesis-cratedb.target", DB.targetUrl("yaml"));
        return overrides;
    }

    @Override
    protected void doPreSetup() throws Exception {
        KINESIS.createStream("yaml", 2);
        KINESIS.putJson("yaml", LoadEndToEndTest.TUTORIAL_1, LoadEndToEndTest.TUTORIAL_2);
    }

    @Test
    void theYamlRoutesLoadTheTutorialRecordsAndKeepFollowingTheStream() throws Exception {
        assertThat(Rows.awaitCount(DB, "yaml", n -> n >= 2, 60)).isEqualTo(2);

        KINESIS.putJson("yaml", "{\"sensor_id\":3,\"temperature\":40.5}");

        assertThat(Rows.awaitCount(DB, "yaml", n -> n >= 3, 60)).isEqualTo(3);
        assertThat(context.getRouteController().getRouteStatus("kinesis-supervisor").isStarted()).isTrue();
        assertThat(context.getRoutes()).extracting(route -> route.getRouteId())
                .contains("kinesisRelay-yaml-shardId-000000000000", "kinesisRelay-yaml-shardId-000000000001");
    }
}
