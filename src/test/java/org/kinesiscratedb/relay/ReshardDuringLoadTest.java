package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/** A stream split while the relay reads it: every record arrives exactly once, children after parents. */
class ReshardDuringLoadTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static List<byte[]> records(int from, int to) {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = from; i < to; i++) {
            payloads.add(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    @Test
    void everyRecordIsLoadedOnceWhenTheStreamIsSplitDuringTheLoad() throws Exception {
        KINESIS.createStream("split", 2);
        KINESIS.put("split", records(0, 2000), 50);

        KinesisRelay relay = new KinesisRelay(KINESIS.sourceUrl("split"), DB.targetUrl("split"), true);
        Main main = new Main();
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
            Rows.awaitCount(DB, "split", n -> n > 0, 60);
            KINESIS.reshard("split", 4);
            KINESIS.put("split", records(2000, 4000), 50);

            long rows = Rows.awaitCount(DB, "split", n -> n >= 4000, 120);

            assertThat(rows).isEqualTo(4000);
            assertThat(KINESIS.shards("split")).hasSize(6);
            assertThat(Rows.query(DB, "SELECT count(DISTINCT i) AS d FROM "
                    + DB.dialect().qualified(DB.schema(), "split")).get(0).get("d")).isEqualTo(4000L);
            assertThat(Rows.count(DB, "split_errors")).isZero();
        } finally {
            main.completed();
            runner.join(60_000);
        }
        assertThat(relay.finished()).isDone();
        assertThat(relay.summary().records()).isEqualTo(4000);
    }
}
