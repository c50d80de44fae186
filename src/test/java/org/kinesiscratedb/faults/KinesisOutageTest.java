package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.InProcessRelay;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.LogCapture;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TcpProxy;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Fault 2a: the Kinesis endpoint is unreachable for {@link #OUTAGE} (the 30 s, shortened for two cores). The
 * relay's {@code endpoint_url} points at a proxy that drops every connection and refuses new ones; the producer keeps
 * putting records straight into the emulator. Afterwards the relay goes on by itself, and every record is in the
 * table once.
 *
 * <p>Durations: the outage lasts 8 s; {@code -Dfaults.outageSeconds=30} runs the 30 s.
 */
class KinesisOutageTest {

    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 8));

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void theRelayWaitsForAnUnreachableKinesisAndLosesNothing() throws Exception {
        KINESIS.createStream("away", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "away", 1000);
        try (TcpProxy proxy = new TcpProxy(KINESIS.port())) {
            String source = KINESIS.sourceUrl("away", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                    "checkpointer-interval=1", "batch_size=100")
                    .replace(KINESIS.endpoint().toString(), "http://127.0.0.1:" + proxy.port());
            InProcessRelay relay = InProcessRelay.follow(source, DB.targetUrl("away"));
            double recovery;
            try {
                assertThat(Rows.awaitCount(DB, "away", n -> n >= 1000, 60)).isEqualTo(1000);

                List<LogCapture.Line> outageLog;
                try (LogCapture log = new LogCapture()) {
                    proxy.cut();
                    ledger.put(KINESIS, "away", 1000);
                    Thread.sleep(OUTAGE.toMillis());
                    outageLog = log.lines();
                }
                assertFewWarningsWithoutStackTraces(outageLog);
                assertThat(Rows.count(DB, "away")).as("nothing can be read during the outage").isEqualTo(1000);
                assertThat(relay.isRunning()).isTrue();

                proxy.restore();
                long restored = System.nanoTime();
                ledger.put(KINESIS, "away", 500);
                assertThat(Rows.awaitCount(DB, "away", n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
                recovery = (System.nanoTime() - restored) / 1e9;
                assertThat(relay.isRunning()).as("the relay still runs").isTrue();
            } finally {
                relay.close();
            }
            Ledger.Figures figures = ledger.tally("Kinesis unreachable for " + OUTAGE.toSeconds() + " s", DB, "away",
                    recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
            assertThat(figures.deadLettered()).isZero();
            assertThat(figures.rows()).isEqualTo(ledger.put());
        }
    }

    /**
     * Camel's consumer would log every failed poll (several per second per shard) with its stack trace. The shard
     * routes' exception handler logs one line per shard at most every 30 s, and polls back off after errors.
     */
    private static void assertFewWarningsWithoutStackTraces(List<LogCapture.Line> outageLog) {
        String log = String.join("\n", outageLog.stream().map(LogCapture.Line::toString).toList());
        List<LogCapture.Line> warnings = outageLog.stream()
                .filter(line -> line.level().isMoreSpecificThan(Level.WARN)).toList();
        List<LogCapture.Line> pollWarnings = warnings.stream()
                .filter(line -> line.logger().startsWith("org.apache.camel")
                        || line.logger().equals("org.kinesiscratedb.relay.ShardPollErrors"))
                .toList();
        long perShard = 1 + OUTAGE.toSeconds() / 30;
        assertThat(pollWarnings).as("failed polls of 2 shards; the log:%n%s", log)
                .hasSizeBetween(2, (int) (2 * perShard))
                .allSatisfy(line -> assertThat(line.message())
                        .matches("Cannot read shard shardId-00000000000[01] of stream away: .+; retrying.*"));
        assertThat(warnings).as("warnings during the outage; the log:%n%s", log).hasSizeLessThanOrEqualTo(
                (int) (3 * perShard));
        assertThat(outageLog).as("no stack traces; the log:%n%s", log)
                .noneMatch(line -> STACK_TRACE.matcher(line.message()).find());
    }

    /** LogCapture appends " | " and the throwable to a line that came with one. */
    private static final Pattern STACK_TRACE = Pattern.compile(" \\| [\\w.$]+(Exception|Error)\\b");
}
