package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.TestDatabase;

/** routes/prune-checkpoints.camel.yaml with the project's application.properties, switched on. */
class PruneRouteTest extends CamelMainTestSupport {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/prune-checkpoints.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties overrides = new Properties();
        overrides.put("kinesis-cratedb.target", DB.targetUrl("unused"));
        overrides.put("kinesis-cratedb.prune.enabled", "true");
        overrides.put("kinesis-cratedb.prune.period", "200");
        overrides.put("kinesis-cratedb.prune.delay", "0");
        overrides.put("kinesis-cratedb.prune.schema", DB.schema());
        overrides.put("kinesis-cratedb.prune.older-than", "1d");
        return overrides;
    }

    @Override
    protected void doPreSetup() {
        Clock twoDaysAgo = Clock.fixed(Instant.now().minusSeconds(2 * 86_400), ZoneOffset.UTC);
        JdbcCheckpointStore old = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema(), twoDaysAgo);
        old.open();
        old.save("stale", Map.of("shard-1", "10", "shard-2", "20"));
        old.deactivate("stale", java.util.List.of("shard-1", "shard-2"));
        old.save("owned", Map.of("shard-1", "30")); // active: a running relay's row, however old
        JdbcCheckpointStore now = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema());
        now.save("fresh", Map.of("shard-1", "40"));
        now.deactivate("fresh", java.util.List.of("shard-1"));
    }

    @Test
    void deletesInactiveRowsOlderThanTheConfiguredAgeAndKeepsTheRest() throws Exception {
        JdbcCheckpointStore store = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema());
        long deadline = System.currentTimeMillis() + 20_000;
        while (!store.list(Optional.of("stale")).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }

        assertThat(store.list(Optional.of("stale"))).isEmpty();
        assertThat(store.list(Optional.empty())).extracting(Checkpoint::namespace).containsExactly("fresh", "owned");
        assertThat(context.getRouteController().getRouteStatus("prune-checkpoints").isStarted()).isTrue();
    }
}
