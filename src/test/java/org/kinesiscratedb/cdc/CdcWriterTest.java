package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.relay.RecordSink.SinkResult;
import org.kinesiscratedb.target.WriterOptions;
import org.kinesiscratedb.testing.TestDatabase;

/** How the writer batches statements, keeps their order, and isolates a statement the database refuses. */
class CdcWriterTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final WriterOptions FAST = new WriterOptions(Duration.ofMillis(5), Duration.ofMillis(40));
    private static final String COLUMNS = "{\"id\": {\"type\": \"INT32\"}, \"v\": {\"type\": \"INT32\"}}";

    private static DmsSink sink(javax.sql.DataSource dataSource) throws Exception {
        DmsSink sink = new DmsSink(dataSource, DB.dialect(), DB.schema(), DmsRecipe.empty(), FAST);
        sink.open();
        return sink;
    }

    private static List<String> inserts(String table, IntStream ids) {
        return ids.mapToObj(id -> Dms.event("insert", table, "{\"id\": " + id + ", \"v\": " + id + "}")).toList();
    }

    @Test
    void sendsConsecutiveStatementsOfTheSameShapeAsOneBatchInEventOrder() throws Exception {
        CountingDataSource counting = new CountingDataSource(DB.dataSource());
        List<String> events = new ArrayList<>();
        events.add(Dms.createTable("batched", COLUMNS, "id"));
        events.addAll(inserts("batched", IntStream.rangeClosed(1, 50)));
        IntStream.rangeClosed(1, 50).forEach(id -> events.add(Dms.event("update", "batched",
                "{\"id\": " + id + ", \"v\": " + (id * 10) + "}")));
        events.addAll(inserts("batched", IntStream.rangeClosed(51, 60)));
        events.add(Dms.event("update", "batched", "{\"id\": 60, \"v\": 600}"));

        try (DmsSink sink = sink(counting.dataSource())) {
            assertThat(sink.write(Records.of(events))).isEqualTo(new SinkResult(events.size(), 0));
        }

        assertThat(counting.batches()).extracting(CountingDataSource.Batch::size).containsExactly(50, 50, 10, 1);
        assertThat(counting.batches().get(0).sql()).startsWith("INSERT");
        assertThat(counting.batches().get(1).sql()).startsWith("UPDATE");
        List<JsonNode> rows = CdcTables.direct(DB, DB.schema(), "batched");
        assertThat(rows).hasSize(60);
        assertThat(rows).allSatisfy(row -> {
            int id = row.get("id").intValue();
            assertThat(row.get("v").intValue()).as("every update applied after its insert")
                    .isEqualTo(id <= 50 || id == 60 ? id * 10 : id);
        });
    }

    @Test
    void isolatesAStatementTheDatabaseRefusesInsideALargeBatch() throws Exception {
        List<String> events = new ArrayList<>();
        events.add(Dms.createTable("isolated", COLUMNS, "id"));
        events.addAll(inserts("isolated", IntStream.rangeClosed(1, 299)));
        events.add(150, Dms.event("insert", "isolated", "{\"id\": null, \"v\": -1}"));
        events.add(Dms.event("update", "isolated", "{\"id\": 299, \"v\": 2990}"));

        try (DmsSink sink = sink(DB.dataSource())) {
            assertThat(sink.write(Records.of(events))).isEqualTo(new SinkResult(events.size() - 1, 1));
        }

        assertThat(CdcTables.count(DB, DB.schema(), "isolated")).isEqualTo(299);
        assertThat(CdcTables.direct(DB, DB.schema(), "isolated")).contains(CdcTables.rows(
                "{\"id\": 299, \"v\": 2990}").get(0));
        assertThat(CdcTables.count(DB, DB.schema(), CdcWriter.DEAD_LETTER_TABLE)).isEqualTo(1);
    }

    @Test
    void shardsWriteConcurrentlyToTheirTables() throws Exception {
        try (DmsSink sink = sink(DB.dataSource())) {
            List<CompletableFuture<SinkResult>> shards = new ArrayList<>();
            for (String table : List.of("shard_a", "shard_b", "shard_c")) {
                List<String> events = new ArrayList<>();
                events.add(Dms.createTable(table, COLUMNS, "id"));
                events.addAll(inserts(table, IntStream.rangeClosed(1, 40)));
                events.add(Dms.event("delete", table, "{\"id\": 1}"));
                shards.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return sink.write(Records.of(events));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<SinkResult> shard : shards) {
                assertThat(shard.get()).isEqualTo(new SinkResult(42, 0));
            }
        }
        for (String table : List.of("shard_a", "shard_b", "shard_c")) {
            assertThat(CdcTables.count(DB, DB.schema(), table)).isEqualTo(39);
        }
    }
}
