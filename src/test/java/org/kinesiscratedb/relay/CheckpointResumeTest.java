package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/** Restarting a load with checkpointer=cratedb reads only what came after the last run. */
class CheckpointResumeTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    static List<byte[]> records(int from, int to) {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = from; i < to; i++) {
            payloads.add(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    private String source(String stream) {
        return KINESIS.sourceUrl(stream, "checkpointer=cratedb", "checkpointer-schema=" + DB.schema(),
                "checkpointer-interval=1");
    }

    private List<Map<String, Object>> checkpoints(String namespace) throws Exception {
        return Rows.query(DB, "SELECT shard_id, sequence, active FROM "
                + DB.dialect().qualified(DB.schema(), "kinesis_checkpoints") + " WHERE namespace = '" + namespace
                + "' ORDER BY shard_id");
    }

    @Test
    void aSecondLoadReadsOnlyTheRecordsPutAfterTheFirstAndLeavesTheShardsInactive() throws Exception {
        KINESIS.createStream("resume", 2);
        KINESIS.put("resume", records(0, 500), 20);

        LoadEndToEndTest.Result first = LoadEndToEndTest.load(source("resume"), DB.targetUrl("resume"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("500 records read, 500 rows written");

        List<Map<String, Object>> saved = checkpoints("resume");
        assertThat(saved).hasSize(2).allSatisfy(row -> assertThat(row.get("active")).isEqualTo(false));
        for (Map<String, Object> checkpoint : saved) {
            Object newest = Rows.query(DB, "SELECT max(CAST(kinesis->>'seq_no' AS NUMERIC)) AS s FROM "
                    + DB.dialect().qualified(DB.schema(), "resume") + " WHERE kinesis->>'shard_id' = '"
                    + checkpoint.get("shard_id") + "'").get(0).get("s");
            assertThat(new BigInteger((String) checkpoint.get("sequence")))
                    .isEqualTo(((java.math.BigDecimal) newest).toBigIntegerExact());
        }

        KINESIS.put("resume", records(500, 800), 20);
        LoadEndToEndTest.Result second = LoadEndToEndTest.load(source("resume"), DB.targetUrl("resume"));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("300 records read, 300 rows written");
        assertThat(Rows.count(DB, "resume")).isEqualTo(800);

        LoadEndToEndTest.Result third = LoadEndToEndTest.load(source("resume"), DB.targetUrl("resume"));
        assertThat(third.out()).contains("0 records read");
        assertThat(checkpoints("resume")).allSatisfy(row -> assertThat(row.get("active")).isEqualTo(false));
    }

    @Test
    void withoutACheckpointerEveryLoadStartsAgainAtTheStartPosition() throws Exception {
        KINESIS.createStream("again", 1);
        KINESIS.put("again", records(0, 50), 1);

        LoadEndToEndTest.load(KINESIS.sourceUrl("again"), DB.targetUrl("again"));
        LoadEndToEndTest.Result second = LoadEndToEndTest.load(KINESIS.sourceUrl("again"), DB.targetUrl("again"));

        assertThat(second.out()).contains("50 records read");
        assertThat(Rows.count(DB, "again")).isEqualTo(50);
    }
}
