package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TcpProxy;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The database goes away while records keep coming (a proxy cuts every connection): the relay pauses, its
 * checkpoints never pass a record that is not written, and after recovery everything is written.
 */
class DatabaseOutageTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void anOutagePausesTheRelayAndLosesNothing() throws Exception {
        KINESIS.createStream("outage", 2);
        KINESIS.put("outage", CheckpointResumeTest.records(0, 1000), 20);
        try (TcpProxy proxy = new TcpProxy(DB.port())) {
            String source = KINESIS.sourceUrl("outage", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                    "checkpointer-interval=1", "batch_size=100");
            KinesisRelay relay = new KinesisRelay(source, DB.targetUrlVia(proxy.port(), "outage"), true);
            Main main = new Main();
            main.setDefaultPropertyPlaceholderLocation("false");
            main.bind("kinesisRelay", relay);
            main.configure().withRoutesIncludePattern(KinesisRelay.ROUTES);
            Thread runner = new Thread(() -> {
                try {
                    main.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "relay-under-test");
            runner.start();
            try {
                assertThat(Rows.awaitCount(DB, "outage", n -> n >= 1000, 60)).isEqualTo(1000);
                Thread.sleep(1500); // let a checkpoint flush happen

                proxy.cut();
                KINESIS.put("outage", CheckpointResumeTest.records(1000, 2000), 20);
                for (int i = 0; i < 10; i++) {
                    Thread.sleep(500);
                    assertCheckpointsAtMostWhatIsWritten();
                }
                assertThat(Rows.count(DB, "outage")).as("nothing is written during the outage").isEqualTo(1000);

                proxy.restore();
                assertThat(Rows.awaitCount(DB, "outage", n -> n >= 2000, 90)).isEqualTo(2000);
                assertThat(Rows.count(DB, "outage_errors")).isZero();
            } finally {
                main.completed();
                runner.join(60_000);
            }
            assertCheckpointsAtMostWhatIsWritten();
            for (Map<String, Object> checkpoint : checkpoints()) {
                assertThat(new BigInteger((String) checkpoint.get("sequence")))
                        .isEqualTo(newestWritten((String) checkpoint.get("shard_id")));
                assertThat(checkpoint.get("active")).isEqualTo(false);
            }
        }
    }

    private Iterable<Map<String, Object>> checkpoints() throws Exception {
        return Rows.query(DB, "SELECT shard_id, sequence, active FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = 'outage'");
    }

    private BigInteger newestWritten(String shardId) throws Exception {
        Object newest = Rows.query(DB, "SELECT max(CAST(kinesis->>'seq_no' AS NUMERIC)) AS s FROM "
                + DB.dialect().qualified(DB.schema(), "outage") + " WHERE kinesis->>'shard_id' = '" + shardId + "'")
                .get(0).get("s");
        return newest == null ? BigInteger.ZERO : ((BigDecimal) newest).toBigIntegerExact();
    }

    private void assertCheckpointsAtMostWhatIsWritten() throws Exception {
        if (!Rows.tableExists(DB, "kinesis_checkpoints")) {
            return;
        }
        for (Map<String, Object> checkpoint : checkpoints()) {
            assertThat(new BigInteger((String) checkpoint.get("sequence")))
                    .as("checkpoint of %s", checkpoint.get("shard_id"))
                    .isLessThanOrEqualTo(newestWritten((String) checkpoint.get("shard_id")));
        }
    }
}
