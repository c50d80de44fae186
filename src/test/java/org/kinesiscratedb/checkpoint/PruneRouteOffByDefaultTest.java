package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/** With the project's application.properties as shipped, the prune route exists but does not run. */
class PruneRouteOffByDefaultTest extends CamelMainTestSupport {

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/prune-checkpoints.camel.yaml");
    }

    @Test
    void thePruneRouteIsStoppedUnlessEnabled() {
        assertThat(context.getRoute("prune-checkpoints")).isNotNull();
        assertThat(context.getRouteController().getRouteStatus("prune-checkpoints").isStopped()).isTrue();
    }
}
