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
 * Fault 1a, with the suite's figures: the database is unreachable for {@link #OUTAGE} (the 30 s, shortened
 * for two cores) while records keep coming; a proxy between relay and database drops every connection and refuses
 * new ones. (relay/DatabaseOutageTest checks the checkpoints during such an outage in detail.)
 *
 * <p>Durations: the outage lasts 8 s; {@code -Dfaults.outageSeconds=30} runs the 30 s.
 */
class DatabaseUnreachableTest {

    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 8));

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void theRelayWaitsForTheDatabaseAndLosesNothing() throws Exception {
        KINESIS.createStream("dbdown", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "dbdown", 1000);
        try (TcpProxy proxy = new TcpProxy(DB.port())) {
            InProcessRelay relay = InProcessRelay.follow(KINESIS.sourceUrl("dbdown", "checkpointer=cratedb",
                    "checkpointer-schema=" + DB.schema(), "checkpointer-interval=1", "batch_size=100"),
                    DB.targetUrlVia(proxy.port(), "dbdown"));
            double recovery;
            try {
                assertThat(Rows.awaitCount(DB, "dbdown", n -> n >= 1000, 60)).isEqualTo(1000);

                proxy.cut();
                ledger.put(KINESIS, "dbdown", 1000);
                Thread.sleep(OUTAGE.toMillis());
                assertThat(Rows.count(DB, "dbdown")).isEqualTo(1000);
                assertThat(relay.isRunning()).isTrue();

                proxy.restore();
                long restored = System.nanoTime();
                ledger.put(KINESIS, "dbdown", 500);
                assertThat(Rows.awaitCount(DB, "dbdown", n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
                recovery = (System.nanoTime() - restored) / 1e9;
                assertThat(relay.isRunning()).as("the relay still runs").isTrue();
            } finally {
                relay.close();
            }
            Ledger.Figures figures = ledger.tally("database unreachable for " + OUTAGE.toSeconds() + " s", DB,
                    "dbdown", recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
            assertThat(figures.deadLettered()).isZero();
            assertThat(figures.rows()).isEqualTo(ledger.put());
        }
    }
}
