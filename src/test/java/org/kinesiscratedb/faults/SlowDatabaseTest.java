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
 * Fault 1b: the database answers slowly for a while. A proxy between relay and database delivers every chunk the
 * database sends {@link #DELAY} late for {@link #SLOW_FOR} (the "5 s per statement for a while", shortened so
 * the suite stays small on two cores); records are put before, during and after. The relay keeps going, loses
 * nothing and writes nothing twice.
 *
 * <p>Durations: 2 s per answer for 10 s; {@code -Dfaults.slowDelaySeconds=5 -Dfaults.outageSeconds=30} runs the
 * issue's "5 s per statement" for 30 s.
 */
class SlowDatabaseTest {

    /** Latency added to every answer of the database (each round trip of a statement). */
    static final Duration DELAY = Duration.ofSeconds(Long.getLong("faults.slowDelaySeconds", 2));
    /** How long the database stays slow. */
    static final Duration SLOW_FOR = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 10));

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void aSlowDatabaseSlowsTheRelayDownButLosesNothing() throws Exception {
        KINESIS.createStream("slow", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "slow", 1000);
        try (SlowTcpProxy proxy = new SlowTcpProxy(DB.port())) {
            InProcessRelay relay = InProcessRelay.follow(
                    KINESIS.sourceUrl("slow", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                            "checkpointer-interval=1", "batch_size=100"),
                    DB.targetUrlVia(proxy.port(), "slow"));
            double recovery;
            long duringSlow;
            try {
                assertThat(Rows.awaitCount(DB, "slow", n -> n >= 1000, 60)).isEqualTo(1000);

                proxy.slow(DELAY);
                long slowSince = System.nanoTime();
                ledger.put(KINESIS, "slow", 1000);
                Thread.sleep(SLOW_FOR.toMillis() - (System.nanoTime() - slowSince) / 1_000_000);
                duringSlow = Rows.count(DB, "slow") - 1000;
                proxy.slow(Duration.ZERO);
                long healed = System.nanoTime();
                ledger.put(KINESIS, "slow", 500);

                assertThat(Rows.awaitCount(DB, "slow", n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
                recovery = (System.nanoTime() - healed) / 1e9;
                assertThat(relay.isRunning()).as("the relay still runs").isTrue();
            } finally {
                relay.close();
            }
            Ledger.Figures figures = ledger.tally("slow database (" + DELAY.toSeconds() + " s per answer for "
                    + SLOW_FOR.toSeconds() + " s)", DB, "slow", recovery).print();
            System.out.printf("slow database: %d of 1000 records put during the slow period were written in it%n",
                    duringSlow);
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
            assertThat(figures.deadLettered()).isZero();
            assertThat(figures.rows()).isEqualTo(ledger.put());
        }
    }
}
