package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.Cli;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Fault 6b: a stored checkpoint older than the oldest record its shard still holds. Kinesis keeps records for at
 * least 24 hours and kinesis-mock cannot trim, so the test makes such a checkpoint the other way it happens in
 * practice: a load saves checkpoints, then the stream is deleted and created again under the same name and gets new
 * records. The stored sequence number of {@code shardId-000000000000} is now lower than the shard's oldest record.
 *
 * <p>Documented ({@code checkpointer-expired}): {@code oldest} (default) continues from the oldest record with a
 * loud warning; {@code fail} stops with an error (exit code 1) before anything is written.
 */
class ExpiredCheckpointTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private String source(String stream, String... extra) {
        String[] parameters = new String[extra.length + 3];
        parameters[0] = "checkpointer=cratedb";
        parameters[1] = "checkpointer-schema=" + DB.schema();
        parameters[2] = "checkpointer-interval=1";
        System.arraycopy(extra, 0, parameters, 3, extra.length);
        return KINESIS.sourceUrl(stream, parameters);
    }

    /** Loads 50 records with checkpoints, then recreates the stream with 30 newer records. */
    private Ledger streamWithAnExpiredCheckpoint(String stream) throws Exception {
        KINESIS.createStream(stream, 1);
        Ledger ledger = new Ledger(10);
        ledger.put(KINESIS, stream, 50);
        Cli.Result first = Cli.run("load", source(stream), DB.targetUrl(stream));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(checkpoints(stream)).hasSize(1);

        KINESIS.client().deleteStream(b -> b.streamName(stream));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                KINESIS.client().describeStreamSummary(b -> b.streamName(stream));
                Thread.sleep(100);
            } catch (ResourceNotFoundException gone) {
                break;
            }
        }
        KINESIS.createStream(stream, 1);
        ledger.put(KINESIS, stream, 30);
        return ledger;
    }

    private List<Map<String, Object>> checkpoints(String stream) throws Exception {
        return Rows.query(DB, "SELECT shard_id, sequence FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = '" + stream + "'");
    }

    /**
     * Expected to fail until ShardSupervisor#positionFor starts an expired shard at TRIM_HORIZON: today it resumes
     * AFTER_SEQUENCE_NUMBER of the expired checkpoint, which Kinesis refuses (kinesis-mock: ResourceNotFoundException;
     * AWS: InvalidArgumentException, or an iterator that returns nothing), so the shard is never read and the load
     * never ends.
     */
    @Test
    void byDefaultTheLoadWarnsAndContinuesFromTheOldestRecord() throws Exception {
        Ledger ledger = streamWithAnExpiredCheckpoint("aged");

        long start = System.nanoTime();
        CliProcess load = CliProcess.run(BOUND, "load", source("aged"), DB.targetUrl("aged"));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(load.exitCode()).as(load.output()).isZero();
        assertThat(load.stderr()).contains("The checkpoint of shard shardId-000000000000 (")
                .contains("is older than the oldest record the shard still holds")
                .contains("continuing from the oldest record (checkpointer-expired=oldest)");
        assertThat(load.stdout()).contains("30 records read, 30 rows written");
        Ledger.Figures figures = ledger.tally("checkpoint older than the shard's oldest record (oldest)", DB, "aged",
                seconds).print();
        assertThat(figures.rows()).isEqualTo(80);
        assertThat(figures.duplicates()).isZero();
        assertThat(figures.lost()).isZero();
    }

    @Test
    void withCheckpointerExpiredFailTheLoadStopsWithAClearError() throws Exception {
        streamWithAnExpiredCheckpoint("agedfail");

        CliProcess load = CliProcess.run(BOUND, "load", source("agedfail", "checkpointer-expired=fail"),
                DB.targetUrl("agedfail"));

        assertThat(load.exitCode()).as(load.output()).isEqualTo(1);
        List<String> errors = load.stderr().lines().filter(line -> line.startsWith("Error: ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("The checkpoint of shard shardId-000000000000 (")
                .contains("is older than the oldest record the shard still holds")
                .contains("stopping (checkpointer-expired=fail)");
        assertThat(load.output()).doesNotContain("\tat ");
        assertThat(Rows.count(DB, "agedfail")).as("nothing of the new stream is written").isEqualTo(50);
    }
}
