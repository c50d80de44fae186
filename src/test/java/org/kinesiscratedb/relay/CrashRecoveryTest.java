package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * A relay process killed with SIGKILL mid-stream, then started again: every record ends up in the table exactly
 * once, and what is read twice is bounded by the checkpoint interval.
 */
class CrashRecoveryTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final long INTERVAL_SECONDS = 1;

    private String source() {
        return source("crash");
    }

    private String source(String stream) {
        return KINESIS.sourceUrl(stream, "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                "checkpointer-interval=" + INTERVAL_SECONDS, "batch_size=100");
    }

    private Process startRelayProcess(Path log) throws Exception {
        return startRelayProcess(log, "crash");
    }

    private Process startRelayProcess(Path log, String stream) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire's class path ends with an empty entry (the working directory): leave that out.
        String classPath = System.getProperty("java.class.path").replaceAll(File.pathSeparator + "+$", "");
        List<String> command = List.of(java, "-cp", classPath,
                "org.kinesiscratedb.cli.Main", "load", "--follow", source(stream), DB.targetUrl(stream));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aKilledRelayResumesFromItsCheckpointsWithEveryRecordOnce() throws Exception {
        KINESIS.createStream("crash", 2);
        KINESIS.put("crash", CheckpointResumeTest.records(0, 6000), 40);
        Path log = Files.createTempFile("crash-relay", ".log");

        Process relay = startRelayProcess(log);
        List<long[]> samples = new ArrayList<>(); // {nanoTime, rows}
        long rows;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            do {
                Thread.sleep(100);
                rows = Rows.count(DB, "crash");
                samples.add(new long[] {System.nanoTime(), rows});
            } while ((rows < 2000 || rowsCoveredByCheckpoints() == 0) && System.nanoTime() < deadline
                    && relay.isAlive());
            assertThat(rows).as("rows before the kill; relay log:%n%s", Files.readString(log)).isGreaterThan(0);
        } finally {
            relay.destroyForcibly(); // SIGKILL: no shutdown hook, no last flush
            relay.waitFor(10, TimeUnit.SECONDS);
        }
        long killedAt = System.nanoTime();
        long rowsAtKill = Rows.count(DB, "crash");
        long covered = rowsCoveredByCheckpoints();
        assertThat(covered).as("a checkpoint was saved before the kill").isPositive();

        KINESIS.put("crash", CheckpointResumeTest.records(6000, 7000), 40);
        LoadEndToEndTest.Result restart = LoadEndToEndTest.load(source(), DB.targetUrl("crash"));

        assertThat(restart.exitCode()).as(restart.err()).isZero();
        assertThat(Rows.count(DB, "crash")).isEqualTo(7000);
        assertThat(Rows.query(DB, "SELECT count(DISTINCT i) AS d FROM "
                + DB.dialect().qualified(DB.schema(), "crash")).get(0).get("d")).isEqualTo(7000L);
        assertThat(restart.out()).as("the restart reads exactly what the checkpoints do not cover")
                .contains((7000 - covered) + " records read");
        long rowsOneIntervalBeforeTheKill = rowsAt(samples, killedAt - TimeUnit.SECONDS.toNanos(3 * INTERVAL_SECONDS));
        assertThat(covered).as("checkpoints cover at least what was written three intervals before the kill")
                .isGreaterThanOrEqualTo(rowsOneIntervalBeforeTheKill);
        System.out.printf("crash test: rows at kill %d, covered by checkpoints %d, replayed %d%n",
                rowsAtKill, covered, rowsAtKill - covered);
    }

    @Test
    void sigtermWritesTheLastBatchSavesTheCheckpointsAndExitsZero() throws Exception {
        KINESIS.createStream("sigterm", 2);
        KINESIS.put("sigterm", CheckpointResumeTest.records(0, 3000), 40);
        Path log = Files.createTempFile("sigterm-relay", ".log");

        Process relay = startRelayProcess(log, "sigterm");
        Rows.awaitCount(DB, "sigterm", n -> n >= 3000, 90);
        long stopRequested = System.nanoTime();
        relay.destroy(); // SIGTERM
        boolean exited = relay.waitFor(60, TimeUnit.SECONDS);

        String output = Files.readString(log);
        assertThat(exited).as(output).isTrue();
        System.out.printf("sigterm test: exited %.1f s after SIGTERM%n", (System.nanoTime() - stopRequested) / 1e9);
        assertThat(relay.exitValue()).as(output).isZero();
        assertThat(output).contains("3000 records read, 3000 rows written");
        List<Map<String, Object>> checkpoints = Rows.query(DB, "SELECT shard_id, sequence, active FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = 'sigterm'");
        assertThat(checkpoints).hasSize(2).allSatisfy(row -> assertThat(row.get("active")).isEqualTo(false));
        LoadEndToEndTest.Result again = LoadEndToEndTest.load(source("sigterm"), DB.targetUrl("sigterm"));
        assertThat(again.out()).as("nothing is read twice after a clean stop").contains("0 records read");
    }

    private static long rowsAt(List<long[]> samples, long nanoTime) {
        long rows = 0;
        for (long[] sample : samples) {
            if (sample[0] <= nanoTime) {
                rows = sample[1];
            }
        }
        return rows;
    }

    /** Rows whose sequence number is at or below their shard's stored checkpoint. */
    private long rowsCoveredByCheckpoints() throws Exception {
        long covered = 0;
        if (!Rows.tableExists(DB, "kinesis_checkpoints")) {
            return 0;
        }
        for (Map<String, Object> checkpoint : Rows.query(DB, "SELECT shard_id, sequence FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = 'crash'")) {
            BigInteger position = new BigInteger((String) checkpoint.get("sequence"));
            for (Map<String, Object> row : Rows.query(DB, "SELECT kinesis->>'seq_no' AS s FROM "
                    + DB.dialect().qualified(DB.schema(), "crash") + " WHERE kinesis->>'shard_id' = '"
                    + checkpoint.get("shard_id") + "'")) {
                if (new BigInteger((String) row.get("s")).compareTo(position) <= 0) {
                    covered++;
                }
            }
        }
        return covered;
    }
}
