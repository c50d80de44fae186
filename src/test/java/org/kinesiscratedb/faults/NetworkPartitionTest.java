package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.InProcessRelay;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.SlowTcpProxy;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Faults 1a and 2a the way clouds usually fail: a network partition that drops packets instead of refusing
 * connections ({@link SlowTcpProxy#partition()}). Connections open during the partition go silent for good (their
 * firewall or NAT state is gone), so the relay must notice on its own that a call will never be answered, drop the
 * connection and use a new one once the network is back. The partition lasts {@link #PARTITION}; recovery is
 * measured from the heal, and must stay under {@link #RECOVERY_BOUND}.
 *
 * <p>Before the fixes that came with this test, the database case hung for good without a single warning (the
 * PostgreSQL driver waits forever for an answer by default), and the Kinesis case took about 50 s to recover (a 60 s
 * socket timeout).
 */
class NetworkPartitionTest {

    static final Duration PARTITION = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 10));
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
    static final Duration DB_SOCKET_TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void aPartitionFromTheDatabaseIsSurvived() throws Exception {
        KINESIS.createStream("dbpart", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "dbpart", 1000);
        try (SlowTcpProxy proxy = new SlowTcpProxy(DB.port())) {
            // The driver gives up on a silent connection after socketTimeout (default 60 s,
            // TargetSettings.DEFAULT_SOCKET_TIMEOUT_SECONDS); 15 s here keeps the test short.
            InProcessRelay relay = InProcessRelay.follow(KINESIS.sourceUrl("dbpart", "checkpointer=cratedb",
                    "checkpointer-schema=" + DB.schema(), "checkpointer-interval=1", "batch_size=100"),
                    DB.targetUrlVia(proxy.port(), "dbpart") + "?socketTimeout=" + DB_SOCKET_TIMEOUT.toSeconds());
            double recovery;
            try {
                assertThat(Rows.awaitCount(DB, "dbpart", n -> n >= 1000, 60)).isEqualTo(1000);
                // Answers take 500 ms, so that statements are under way when the partition starts: their answers
                // are lost, and nothing tells the driver so.
                proxy.slow(Duration.ofMillis(500));
                ledger.put(KINESIS, "dbpart", 1000);
                Rows.awaitCount(DB, "dbpart", n -> n >= 1200, 60);
                proxy.partition();
                Thread.sleep(PARTITION.toMillis());
                proxy.slow(Duration.ZERO);
                proxy.heal();
                long healed = System.nanoTime();
                ledger.put(KINESIS, "dbpart", 500);
                assertThat(Rows.awaitCount(DB, "dbpart", n -> n >= ledger.put(), RECOVERY_BOUND.toSeconds()))
                        .isEqualTo(ledger.put());
                recovery = (System.nanoTime() - healed) / 1e9;
                assertThat(relay.isRunning()).isTrue();
            } finally {
                relay.close();
            }
            Ledger.Figures figures = ledger.tally("database partitioned (packets dropped) for " + PARTITION.toSeconds()
                    + " s", DB, "dbpart", recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
            assertThat(figures.deadLettered()).isZero();
        }
    }

    @Test
    void aPartitionFromKinesisIsSurvived() throws Exception {
        KINESIS.createStream("kpart", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "kpart", 1000);
        try (SlowTcpProxy proxy = new SlowTcpProxy(KINESIS.port())) {
            String source = KINESIS.sourceUrl("kpart", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                    "checkpointer-interval=1", "batch_size=100")
                    .replace(KINESIS.endpoint().toString(), "http://127.0.0.1:" + proxy.port());
            InProcessRelay relay = InProcessRelay.follow(source, DB.targetUrl("kpart"));
            double recovery;
            try {
                assertThat(Rows.awaitCount(DB, "kpart", n -> n >= 1000, 60)).isEqualTo(1000);
                proxy.slow(Duration.ofMillis(200));
                proxy.partition();
                ledger.put(KINESIS, "kpart", 1000);
                Thread.sleep(PARTITION.toMillis());
                proxy.slow(Duration.ZERO);
                proxy.heal();
                long healed = System.nanoTime();
                ledger.put(KINESIS, "kpart", 500);
                assertThat(Rows.awaitCount(DB, "kpart", n -> n >= ledger.put(), RECOVERY_BOUND.toSeconds()))
                        .isEqualTo(ledger.put());
                recovery = (System.nanoTime() - healed) / 1e9;
                assertThat(relay.isRunning()).isTrue();
            } finally {
                relay.close();
            }
            Ledger.Figures figures = ledger.tally("Kinesis partitioned (packets dropped) for " + PARTITION.toSeconds()
                    + " s", DB, "kpart", recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
            assertThat(figures.deadLettered()).isZero();
        }
    }
}
