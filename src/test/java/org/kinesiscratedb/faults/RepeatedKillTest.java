package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.Cli;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Fault 3: {@code kill -9} of the relay process at random points, {@link #KILLS} times in one run. Each time a relay
 * ({@code load --follow}, separate JVM, {@code checkpointer=cratedb}) is started, it is killed with SIGKILL a random
 * moment (up to {@link #MAX_EXTRA_DELAY}) after it wrote its first batch, and more records are put while it is dead.
 * A final clean {@code load} then catches up: every record is in the table exactly once.
 */
class RepeatedKillTest {

    static final int KILLS = 5;
    static final Duration MAX_EXTRA_DELAY = Duration.ofMillis(2000);
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private String source() {
        return KINESIS.sourceUrl("killed", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                "checkpointer-interval=1", "batch_size=100");
    }

    @Test
    void fiveKillsAtRandomPointsThenACleanRunLeaveEveryRecordOnce() throws Exception {
        Random random = new Random(SEED);
        System.out.println("repeated kill: seed " + SEED + " (-Dfaults.seed=" + SEED + " repeats the kill points)");
        KINESIS.createStream("killed", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "killed", 2000);
        List<String> kills = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            long rowsBefore = Rows.count(DB, "killed");
            try (CliProcess relay = CliProcess.start("load", "--follow", source(), DB.targetUrl("killed"))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while (Rows.count(DB, "killed") <= rowsBefore && relay.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(relay.isAlive()).as("relay %d runs; it printed:%n%s", kill, relay.output()).isTrue();
                assertThat(Rows.count(DB, "killed")).as("relay %d wrote a batch", kill).isGreaterThan(rowsBefore);
                long extra = (long) (random.nextDouble() * MAX_EXTRA_DELAY.toMillis());
                Thread.sleep(extra);
                relay.kill();
                kills.add(String.format("kill %d: %d ms after the first batch, %d rows", kill, extra,
                        Rows.count(DB, "killed")));
            }
            ledger.put(KINESIS, "killed", 600); // while no relay runs
        }
        kills.forEach(line -> System.out.println("repeated kill: " + line));
        ledger.put(KINESIS, "killed", 500);

        long start = System.nanoTime();
        Cli.Result last = Cli.run("load", source(), DB.targetUrl("killed"));
        double recovery = (System.nanoTime() - start) / 1e9;

        assertThat(last.exitCode()).as(last.err()).isZero();
        Matcher read = Pattern.compile("(\\d+) records read").matcher(last.out());
        assertThat(read.find()).as(last.out()).isTrue();
        System.out.printf("repeated kill: the final run read %s of %d records (the rest was covered by checkpoints)%n",
                read.group(1), ledger.put());
        Ledger.Figures figures = ledger.tally("kill -9 of the relay, " + KILLS + " times, then a clean run", DB,
                "killed", recovery).print();
        assertThat(figures.duplicates()).isZero();
        assertThat(figures.lost()).isZero();
        assertThat(figures.deadLettered()).isZero();
        assertThat(figures.rows()).isEqualTo(ledger.put());
    }
}
