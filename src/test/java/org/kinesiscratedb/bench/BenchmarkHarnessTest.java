package org.kinesiscratedb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The benchmark harness itself, on a small run (N = 2,000 over 2 shards): every measurement completes and counts
 * every record, and every record of the {@code load} run is in its table. The figures are not asserted: they depend
 * on the machine.
 */
class BenchmarkHarnessTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void aSmallRunCompletesEveryMeasurementAndLoadsEveryRecordIntoTheTable() throws Exception {
        BenchOptions options = new BenchOptions(2, 2_000, DB.jdbcUrl(), 500, 2_000, 200, 3, null, false, true);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BenchReport report = Benchmark.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        String log = progress.toString(StandardCharsets.UTF_8);
        assertThat(report.drain().records()).as(log).isEqualTo(2_000);
        assertThat(report.ingest().records()).as(log).isEqualTo(2_000);
        assertThat(report.load().records()).as(log).isEqualTo(2_000);
        assertThat(report.naive().records()).as(log).isEqualTo(2_000);
        assertThat(report.naiveRows()).as(log).isGreaterThanOrEqualTo(2_000);
        assertThat(report.loadRows()).as(log).isEqualTo(2_000);
        assertThat(report.loadRecords()).as(log).isEqualTo(2_000);
        assertThat(report.loadComplete()).isTrue();
        assertThat(report.steadyRows()).isEqualTo(report.steadyProduced()).isEqualTo(600);
        assertThat(report.steadyLatency().count()).isEqualTo(600);
        for (Measurement measurement : report.measurements()) {
            assertThat(measurement.rate()).as(measurement.label()).isPositive();
            assertThat(measurement.heapPeakMb()).as(measurement.label()).isPositive();
        }
        assertThat(report.format()).contains("raw drain", "raw ingest", "load, end to end", "naive Camel route",
                "steady state", "Ratios:", "Targets (issue 5):");
    }

    @Test
    void optionsDefaultToIssueFivesFourShardsAndTwoHundredThousandRecords() {
        BenchOptions options = BenchOptions.parse("--shards", "2", "--records", "2k", "--jdbc-url", "jdbc:x");

        assertThat(options.shards()).isEqualTo(2);
        assertThat(options.records()).isEqualTo(2_000);
        assertThat(options.naiveRecords()).isEqualTo(2_000);
        assertThat(options.batchSize()).isEqualTo(1_000);
        assertThat(BenchOptions.parse().shards()).isEqualTo(4);
        assertThat(BenchOptions.parse().records()).isEqualTo(200_000);
    }

    @Test
    void measuresWithTheHeapTheLauncherGivesTheRelay() throws Exception {
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("kinesis-cratedb"));

        assertThat(launcher).contains("-Xmx${KCR_HEAP:-" + BenchOptions.LAUNCHER_HEAP + "}");
        assertThat(BenchOptions.parse().heap()).isEqualTo(BenchOptions.LAUNCHER_HEAP);
        assertThat(BenchOptions.parse("--heap", "jvm").heap()).isNull();
        assertThat(BenchOptions.parse("--heap", "1g").heap()).isEqualTo("1g");
    }
}
