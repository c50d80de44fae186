package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.InProcessRelay;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
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

                proxy.cut();
                ledger.put(KINESIS, "away", 1000);
                Thread.sleep(OUTAGE.toMillis());
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
}
