package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TcpProxy;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The routes as `run` runs them, with the management port switched on: the Prometheus counters match the rows
 * written, and readiness goes DOWN while the database is away and UP when it is back.
 */
class ObservabilityTest extends CamelMainTestSupport {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static TcpProxy proxy;
    private static int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties overrides = new Properties();
        overrides.put("kinesis-cratedb.source", KINESIS.sourceUrl("observed"));
        overrides.put("kinesis-cratedb.target", DB.targetUrlVia(proxy.port(), "observed"));
        overrides.put("camel.management.enabled", "true");
        overrides.put("camel.management.port", String.valueOf(managementPort));
        overrides.put("camel.management.metricsEnabled", "true");
        overrides.put("camel.management.healthCheckEnabled", "true");
        overrides.put("camel.metrics.enabled", "true");
        return overrides;
    }

    /** Before the context is configured (the test's constructor reads the overrides). */
    @BeforeAll
    static void startProxy() throws IOException {
        proxy = new TcpProxy(DB.port());
        try (ServerSocket socket = new ServerSocket(0)) {
            managementPort = socket.getLocalPort();
        }
    }

    @Override
    protected void doPreSetup() throws Exception {
        KINESIS.createStream("observed", 2);
        KINESIS.put("observed", CheckpointResumeTest.records(0, 500), 10);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double counter(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*stream=\"observed\"[^}]*\\} ([0-9.E]+)$")
                .matcher(metrics);
        assertThat(matcher.find()).as("%s in%n%s", name, metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private int awaitHealthStatus(int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        do {
            status = get("/observe/health/ready").statusCode();
            if (status == wanted) {
                return status;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return status;
    }

    @Test
    void metricsCountTheRowsWrittenAndReadinessFollowsTheDatabase() throws Exception {
        assertThat(Rows.awaitCount(DB, "observed", n -> n >= 500, 60)).isEqualTo(500);
        Thread.sleep(1000); // the supervisor refreshes the shard gauges once a tick

        String metrics = get("/observe/metrics").body();
        assertThat(counter(metrics, "kinesis_cratedb_rows_written_total")).isEqualTo(500.0);
        assertThat(counter(metrics, "kinesis_cratedb_records_read_total")).isEqualTo(500.0);
        assertThat(counter(metrics, "kinesis_cratedb_dead_lettered_total")).isZero();
        assertThat(metrics).contains("kinesis_cratedb_batch_write_seconds_count")
                .contains("kinesis_cratedb_millis_behind_latest{").contains("shard=\"shardId-000000000000\"");
        assertThat(awaitHealthStatus(200)).isEqualTo(200);

        proxy.cut();
        assertThat(awaitHealthStatus(503)).as("readiness while the database is away").isEqualTo(503);
        assertThat(get("/observe/health/ready").body()).contains("kinesis-cratedb-kinesisRelay");
        assertThat(get("/observe/health/live").statusCode()).as("liveness stays UP").isEqualTo(200);

        proxy.restore();
        assertThat(awaitHealthStatus(200)).as("readiness when the database is back").isEqualTo(200);
    }
}
