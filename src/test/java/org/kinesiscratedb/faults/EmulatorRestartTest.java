package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.InProcessRelay;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Fault 2b: the Kinesis emulator is restarted while the relay reads from it. kinesis-local runs with persistence
 * (its data file is written every 500 ms and loaded at start) and comes back on the same port after
 * {@link #DOWN_FOR}. Records are put before the restart (and persisted), and after it. The relay rides through the
 * restart without being restarted itself.
 *
 * <p>Durations: the emulator stays down 5 s; {@code -Dfaults.outageSeconds=30} makes it 30 s.
 */
class EmulatorRestartTest {

    static final Duration DOWN_FOR = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 5));

    private static final Path DATA = tempDir();

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal().persistent(DATA);

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kinesis-local-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theRelayContinuesAfterTheEmulatorRestarts() throws Exception {
        KINESIS.createStream("restarted", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "restarted", 1000);
        InProcessRelay relay = InProcessRelay.follow(
                KINESIS.sourceUrl("restarted", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                        "checkpointer-interval=1", "batch_size=100"),
                DB.targetUrl("restarted"));
        double recovery;
        try {
            assertThat(Rows.awaitCount(DB, "restarted", n -> n >= 1000, 60)).isEqualTo(1000);
            ledger.put(KINESIS, "restarted", 500);
            Thread.sleep(1500); // the emulator persists every 500 ms

            KINESIS.stop();
            Thread.sleep(DOWN_FOR.toMillis());
            KINESIS.restart();
            long restarted = System.nanoTime();
            ledger.put(KINESIS, "restarted", 500);

            assertThat(Rows.awaitCount(DB, "restarted", n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
            recovery = (System.nanoTime() - restarted) / 1e9;
            assertThat(relay.isRunning()).as("the relay still runs").isTrue();
        } finally {
            relay.close();
        }
        Ledger.Figures figures = ledger.tally("Kinesis emulator restarted (down " + DOWN_FOR.toSeconds() + " s)", DB,
                "restarted", recovery).print();
        assertThat(figures.duplicates()).isZero();
        assertThat(figures.lost()).isZero();
        assertThat(figures.deadLettered()).isZero();
        assertThat(figures.rows()).isEqualTo(ledger.put());
    }
}
