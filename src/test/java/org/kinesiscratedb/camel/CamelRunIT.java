package org.kinesiscratedb.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * {@code camel run} of Camel JBang on the project's {@code routes/*.camel.yaml} and {@code application.properties},
 * unchanged, with our jar declared by its Maven coordinates ({@code --dep}), as a JBang user runs them; only the
 * source and target URLs are overridden ({@code --prop=k=v}).
 *
 * <p>A failsafe test: the build installs the jar it just packaged into the local repository in
 * {@code pre-integration-test}, where Camel JBang resolves {@code --dep} from, and passes the project version.
 */
class CamelRunIT {

    static final String RECORD_1 = "{\"sensor_id\":1,\"ts\":\"2025-06-01 10:00\",\"temperature\":42.42,\"humidity\":84.84}";
    static final String RECORD_2 = "{\"sensor_id\":2,\"ts\":\"2025-06-01 11:00\",\"temperature\":45.21,\"humidity\":80.82}";

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void camelRunRelaysTheStreamWithTheProjectRoutesAndOurJarAsADependency() throws Exception {
        KINESIS.createStream("jbang", 2);
        KINESIS.putJson("jbang", RECORD_1, RECORD_2);

        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(routeFiles());
        args.add(Path.of("application.properties").toAbsolutePath().toString());
        args.add("--dep=org.kinesiscratedb:kinesis-cratedb:" + projectVersion());
        args.add("--prop=kinesis-cratedb.source=" + KINESIS.sourceUrl("jbang"));
        args.add("--prop=kinesis-cratedb.target=" + DB.targetUrl("jbang"));
        args.addAll(commonOptions());

        try (CamelJBang camel = CamelJBang.start("camel-run.log", args)) {
            // The first run downloads what Camel JBang needs (kamelet catalog, our jar's dependencies).
            assertThat(Rows.awaitCount(DB, "jbang", n -> n >= 2 || !camel.isAlive(), 300))
                    .as("rows after camel run; its output:%n%s", camel.log()).isEqualTo(2);

            KINESIS.putJson("jbang", "{\"sensor_id\":3,\"temperature\":40.5}");
            assertThat(Rows.awaitCount(DB, "jbang", n -> n >= 3 || !camel.isAlive(), 60))
                    .as("rows after a third record; camel run's output:%n%s", camel.log()).isEqualTo(3);

            int exitCode = camel.stop();
            String log = camel.log();
            assertThat(log).as(log)
                    .contains("Binding bean: kinesisRelay (type: org.kinesiscratedb.relay.KinesisRelay)")
                    .contains("Started kinesis-supervisor")
                    .contains("Stopped kinesisRelay-jbang-shardId-000000000000", "Stopped kinesis-supervisor");
            assertThat(exitCode).as(log).isIn(0, 143); // 143: the JVM's status after SIGTERM and its shutdown hooks
        }
        assertThat(Rows.query(DB, "SELECT sensor_id, temperature FROM " + DB.dialect().qualified(DB.schema(), "jbang")
                + " ORDER BY sensor_id")).extracting(row -> ((Number) row.get("sensor_id")).longValue())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void camelRunRunsThePipeExampleFromTheStockKinesisSourceIntoOurKamelet() throws Exception {
        KINESIS.createStream("jbang-pipe", 1);
        KINESIS.putJson("jbang-pipe", RECORD_1, RECORD_2);
        Path pipe = KinesisPipeTest.pipeFile(KINESIS.endpoint(), "jbang-pipe", DB.targetUrl("jbang_pipe"),
                "camel-jbang-pipe");

        // No --dep: the kamelet's own dependencies name our jar, and Camel JBang fetches them.
        List<String> args = new ArrayList<>(List.of("run", pipe.toString(),
                "--local-kamelet-dir=" + Path.of("kamelets").toAbsolutePath()));
        args.addAll(commonOptions());

        try (CamelJBang camel = CamelJBang.start("camel-run-pipe.log", args)) {
            assertThat(Rows.awaitCount(DB, "jbang_pipe", n -> n >= 2 || !camel.isAlive(), 300))
                    .as("rows after camel run of the pipe; its output:%n%s", camel.log()).isEqualTo(2);
            camel.stop();
            assertThat(camel.log()).as(camel.log()).contains("Started aws-kinesis-source-to-cratedb");
        }
        assertThat(Rows.query(DB, "SELECT sensor_id FROM " + DB.dialect().qualified(DB.schema(), "jbang_pipe")
                + " ORDER BY sensor_id")).extracting(row -> ((Number) row.get("sensor_id")).longValue())
                .containsExactly(1L, 2L);
    }

    private static List<String> commonOptions() {
        List<String> options = new ArrayList<>(List.of("--logging-color=false",
                "--max-seconds=900")); // ends the command should this test die before stopping it
        String camelVersion = System.getProperty("camel.version");
        if (camelVersion != null && !camelVersion.isBlank()) {
            // The kamelet catalog of the Camel that runs (the 4.17 command line would pick 4.17.0).
            options.add("--kamelets-version=" + camelVersion);
        }
        return options;
    }

    /** routes/*.camel.yaml, as the shell expands it. */
    private static List<String> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted()
                    .map(file -> file.toAbsolutePath().toString()).toList();
        }
    }

    private static String projectVersion() {
        String version = System.getProperty("kinesis-cratedb.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("System property kinesis-cratedb.version is not set: run this test with "
                    + "failsafe (mvn verify), which sets it to the project version");
        }
        return version;
    }
}
