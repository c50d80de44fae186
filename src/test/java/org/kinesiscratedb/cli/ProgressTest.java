package org.kinesiscratedb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.kinesiscratedb.relay.RelayStatus;
import org.kinesiscratedb.relay.RelaySummary;
import org.junit.jupiter.api.Test;

/** The progress line's text, its terminal form (rewriting one line) and its plain form (one line per period). */
class ProgressTest {

    private static RelayStatus status(long records, long lagMillis) {
        return new RelayStatus("demo", new RelaySummary(records, records - 2, 2, 0, Duration.ofSeconds(1)),
                Map.of("shardId-0", lagMillis, "shardId-1", 0L), Duration.ZERO, null, Duration.ZERO);
    }

    @Test
    void showsCountsRateLagAndAnEtaOnceTheLagShrinks() {
        Progress.Rates rates = new Progress.Rates();

        String first = rates.line(status(1_000, 120_000), 1_000_000_000L);
        String second = rates.line(status(3_000, 60_000), 3_000_000_000L);

        assertThat(first).isEqualTo("demo: 1,000 records (0/s), 998 rows, 2 dead-lettered, 2 shards, lag 2:00");
        // 2,000 records in 2 s; the lag shrank by 60 s in 2 s: 30 s per second, so 60 s of lag take 2 s.
        assertThat(second).isEqualTo(
                "demo: 3,000 records (1,000/s), 2,998 rows, 2 dead-lettered, 2 shards, lag 1:00, ETA 2.0 s");
    }

    @Test
    void hasNoEtaWhileTheLagGrows() {
        Progress.Rates rates = new Progress.Rates();
        rates.line(status(1_000, 10_000), 1_000_000_000L);

        assertThat(rates.line(status(1_100, 20_000), 2_000_000_000L)).doesNotContain("ETA").endsWith("lag 20.0 s");
    }

    @Test
    void onATerminalRewritesOneLineAndClearsItAtTheEnd() throws Exception {
        StringWriter screen = new StringWriter();
        AtomicLong records = new AtomicLong();
        Progress progress = new Progress(() -> status(records.addAndGet(500), 1_000), new PrintWriter(screen),
                null, Duration.ofMillis(20));
        Thread.sleep(200);
        progress.close();

        String text = screen.toString();
        assertThat(text).startsWith("\rdemo: ").doesNotContain("\n").contains(" records (");
        assertThat(text.split("\r").length).isGreaterThan(3);
        assertThat(text).endsWith("\r");
    }

    @Test
    void elsewhereWritesWholeLinesEveryPeriod() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Progress progress = new Progress(() -> status(42, 0), null, lines::add, Duration.ofMillis(20));
        Thread.sleep(200);
        progress.close();

        assertThat(lines).hasSizeGreaterThan(3)
                .allSatisfy(line -> assertThat(line).startsWith("demo: 42 records").doesNotContain("\r"));
    }
}
