package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.Cli;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.SlowTcpProxy;
import org.kinesiscratedb.testing.TcpProxy;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Fault 7, the cases CrashRecoveryTest leaves open: SIGTERM while the relay is busy writing (not after it caught up),
 * and SIGTERM while the database is unreachable. A clean stop writes the batch in flight, saves the checkpoints and
 * exits 0 within {@link #STOP_BOUND}; when the database is gone it cannot write, and it must still end within the
 * bound, without a checkpoint past what was written (a restart reads the rest again), with exit code 1 and one
 * line that says why.
 *
 * <p>With the database down, the shard readers wait for their writers only until the relay's stop deadline (20 s
 * after Camel starts stopping), so the stop ends well before GracefulStop's bound with the relay's own error line.
 */
class GracefulStopUnderLoadTest {

    /** GracefulStop's own limit: Camel gets 30 s to drain, the process ends at the latest 15 s later. */
    static final Duration STOP_BOUND = Duration.ofSeconds(45);

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private String source(String stream) {
        return KINESIS.sourceUrl(stream, "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                "checkpointer-interval=1", "batch_size=100");
    }

    private List<Map<String, Object>> checkpoints(String stream) throws Exception {
        return Rows.query(DB, "SELECT shard_id, sequence, active FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = '" + stream + "'");
    }

    private static long recordsRead(String summary) {
        Matcher read = Pattern.compile("(\\d+) records read").matcher(summary);
        assertThat(read.find()).as(summary).isTrue();
        return Long.parseLong(read.group(1));
    }

    @Test
    void sigtermWhileWritingFinishesTheBatchSavesCheckpointsAndExitsZero() throws Exception {
        KINESIS.createStream("busy", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "busy", 4000);
        // Every answer of the database 100 ms late: the load takes several seconds, and SIGTERM comes in the middle.
        SlowTcpProxy slow = new SlowTcpProxy(DB.port());
        slow.slow(Duration.ofMillis(100));
        CliProcess relay = CliProcess.start("load", "--follow", source("busy"), DB.targetUrlVia(slow.port(), "busy"));
        long readByStopped;
        try {
            Rows.awaitCount(DB, "busy", n -> n >= 1000, 60);
            long stopAt = System.nanoTime();
            relay.terminate();
            boolean exited = relay.waitFor(STOP_BOUND.plusSeconds(5));
            double stopSeconds = (System.nanoTime() - stopAt) / 1e9;

            assertThat(exited).as(relay.output()).isTrue();
            assertThat(relay.exitCode()).as(relay.output()).isZero();
            long rowsAtStop = Rows.count(DB, "busy");
            System.out.printf("graceful stop: SIGTERM at >= 1000 of 4000 rows; exited 0 after %.1f s with %d rows%n",
                    stopSeconds, rowsAtStop);
            // Camel's Kinesis consumer hands on every record of the GetRecords answer in flight (up to 10,000 per
            // shard) before its route stops, so a stop usually writes all that was fetched: that is fine, as long as
            // it is quick and every record read is written before the checkpoints are saved.
            assertThat(stopSeconds).isLessThan(STOP_BOUND.toSeconds());
            assertThat(checkpoints("busy")).hasSize(2)
                    .allSatisfy(row -> assertThat(row.get("active")).isEqualTo(false));
            readByStopped = recordsRead(relay.stdout());
            assertThat(readByStopped).as("every record the stopped relay read is written").isEqualTo(rowsAtStop);
        } finally {
            relay.close();
            slow.close();
        }
        long start = System.nanoTime();
        Cli.Result rest = Cli.run("load", source("busy"), DB.targetUrl("busy"));
        double recovery = (System.nanoTime() - start) / 1e9;
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(recordsRead(rest.out())).as("after a clean stop nothing is read twice")
                .isEqualTo(4000 - readByStopped);
        Ledger.Figures figures = ledger.tally("SIGTERM while writing, then a restart", DB, "busy", recovery).print();
        assertThat(figures.duplicates()).isZero();
        assertThat(figures.lost()).isZero();
    }

    @Test
    void sigtermWhileTheDatabaseIsDownEndsWithinTheBoundAndLosesNothing() throws Exception {
        KINESIS.createStream("stuck", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "stuck", 1000);
        try (TcpProxy proxy = new TcpProxy(DB.port())) {
            CliProcess relay = CliProcess.start("load", "--follow", source("stuck"),
                    DB.targetUrlVia(proxy.port(), "stuck"));
            double stopSeconds;
            try {
                assertThat(Rows.awaitCount(DB, "stuck", n -> n >= 1000, 60)).isEqualTo(1000);
                Thread.sleep(1500); // a checkpoint save
                proxy.cut();
                ledger.put(KINESIS, "stuck", 1000);
                Thread.sleep(3000); // the relay reads them and cannot write them
                long stopAt = System.nanoTime();
                relay.terminate();
                boolean exited = relay.waitFor(STOP_BOUND.plusSeconds(10));
                stopSeconds = (System.nanoTime() - stopAt) / 1e9;
                assertThat(exited).as("the relay ends within the bound; it printed:%n%s", relay.output()).isTrue();
                System.out.printf("graceful stop: SIGTERM with the database down; exit code %d after %.1f s%n",
                        relay.exitCode(), stopSeconds);
                assertThat(stopSeconds).as("it printed:%n%s", relay.output()).isLessThan(STOP_BOUND.toSeconds());
                List<String> errorLines = relay.stderr().lines().filter(line -> line.startsWith("Error: ")).toList();
                assertThat(relay.exitCode()).as("records were read but not written: not a clean stop; it printed:%n%s",
                        relay.output()).isEqualTo(1);
                assertThat(errorLines).as("one line says why the stop was not clean; it printed:%n%s",
                        relay.output()).hasSize(1);
                assertThat(errorLines.get(0)).contains("Stopped with records read but not written",
                        "they will be read again after a restart");
                assertThat(relay.output()).as("Camel did not need to force the stop")
                        .doesNotContain("Timeout occurred during graceful shutdown");
            } finally {
                relay.close();
                proxy.restore();
            }
            assertThat(Rows.count(DB, "stuck")).isEqualTo(1000);
            assertThat(checkpoints("stuck")).as("the checkpoints saved before the outage").hasSize(2);
            long start = System.nanoTime();
            Cli.Result rest = Cli.run("load", source("stuck"), DB.targetUrl("stuck"));
            double recovery = (System.nanoTime() - start) / 1e9;
            assertThat(rest.exitCode()).as(rest.err()).isZero();
            assertThat(recordsRead(rest.out())).as("the restart reads again what was not written")
                    .isGreaterThanOrEqualTo(1000);
            Ledger.Figures figures = ledger.tally("SIGTERM while the database is down, then a restart", DB, "stuck",
                    recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
        }
    }
}
