package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.InProcessRelay;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Fault 5: resharding under load. While a producer keeps putting records (20 partition keys, each record carrying
 * its key {@code k} and a per-key counter {@code n}), shard 0 is split and its two children are merged again, so
 * keys travel parent → two children → one grandchild with two parents. Nothing may be lost, and per partition key
 * the rows must be written in the order the records were put.
 *
 * <p>How order is checked: on PostgreSQL the test creates the table itself before the relay starts (with the layout
 * the relay expects) plus a column {@code write_order BIGSERIAL}. The relay never writes that column, so every
 * inserted row takes the next value of the sequence at the moment its INSERT runs: the exact order in which rows
 * were written, across shards and batches. Per key, ordered by {@code n}, {@code write_order} must increase. (On
 * CrateDB, which has no sequences, the test instead polls the table every 100 ms and uses the poll in which a row
 * first became visible: weaker, since writes within 100 ms look simultaneous, but never wrong.)
 */
class ReshardOrderTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String STREAM = "reshard";

    @Test
    void aSplitAndAMergeUnderLoadLoseNothingAndKeepEachKeysOrder() throws Exception {
        KINESIS.createStream(STREAM, 2);
        String table = DB.dialect().qualified(DB.schema(), STREAM);
        if (!DB.isCrateDb()) {
            try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
                statement.execute(DB.dialect().createTableSql(DB.schema(), STREAM));
                statement.execute("ALTER TABLE " + table + " ADD COLUMN write_order BIGSERIAL");
            }
        }
        Ledger ledger = new Ledger(20);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong lastPut = new AtomicLong();
        Thread producer = new Thread(() -> {
            while (producing.get()) {
                ledger.put(KINESIS, STREAM, 100);
                lastPut.set(System.nanoTime());
                sleep(150);
            }
        }, "producer");
        Map<Long, Integer> firstSeen = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(DB.isCrateDb());
        Thread poller = new Thread(() -> pollFirstSeen(table, firstSeen, polling), "poller");

        InProcessRelay relay = InProcessRelay.follow(KINESIS.sourceUrl(STREAM, "batch_size=100"),
                DB.targetUrl(STREAM));
        double recovery;
        try {
            poller.start();
            producer.start();
            Rows.awaitCount(DB, STREAM, n -> n >= 300, 60);

            Shard first = KINESIS.shards(STREAM).get(0);
            BigInteger low = new BigInteger(first.hashKeyRange().startingHashKey());
            BigInteger high = new BigInteger(first.hashKeyRange().endingHashKey());
            KINESIS.client().splitShard(b -> b.streamName(STREAM).shardToSplit(first.shardId())
                    .newStartingHashKey(low.add(high).shiftRight(1).add(BigInteger.ONE).toString()));
            KINESIS.awaitActive(STREAM);
            sleep(2000);
            List<Shard> children = KINESIS.shards(STREAM).stream()
                    .filter(shard -> first.shardId().equals(shard.parentShardId()))
                    .sorted(Comparator.comparing(shard -> new BigInteger(shard.hashKeyRange().startingHashKey())))
                    .toList();
            assertThat(children).hasSize(2);
            KINESIS.client().mergeShards(b -> b.streamName(STREAM).shardToMerge(children.get(0).shardId())
                    .adjacentShardToMerge(children.get(1).shardId()));
            KINESIS.awaitActive(STREAM);
            sleep(2000);
            producing.set(false);
            producer.join();

            assertThat(Rows.awaitCount(DB, STREAM, n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
            recovery = (System.nanoTime() - lastPut.get()) / 1e9;
            assertThat(relay.isRunning()).isTrue();
        } finally {
            producing.set(false);
            polling.set(false);
            relay.close();
        }
        assertThat(KINESIS.shards(STREAM)).as("2 shards, 2 children of shard 0, 1 merged grandchild").hasSize(5);

        Ledger.Figures figures = ledger.tally("resharding under load (a split and a merge)", DB, STREAM, recovery)
                .print();
        assertThat(figures.duplicates()).isZero();
        assertThat(figures.lost()).isZero();
        assertThat(figures.deadLettered()).isZero();

        // Per key: rows in counter order must have been written in that order.
        Map<Long, List<long[]>> byKey = new HashMap<>(); // key -> [n, write order]
        Map<Long, Set<String>> shardsOfKey = new HashMap<>();
        String order = DB.isCrateDb() ? "i" : "write_order";
        for (Map<String, Object> row : Rows.query(DB, "SELECT i, k, n, " + order + " AS o, kinesis->>'shard_id' AS s"
                + " FROM " + table)) {
            long key = ((Number) row.get("k")).longValue();
            long writeOrder = DB.isCrateDb() ? firstSeen.getOrDefault(((Number) row.get("i")).longValue(),
                    Integer.MAX_VALUE) : ((Number) row.get("o")).longValue();
            byKey.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new long[] {((Number) row.get("n")).longValue(), writeOrder});
            shardsOfKey.computeIfAbsent(key, k -> new HashSet<>()).add((String) row.get("s"));
        }
        long violations = 0;
        for (Map.Entry<Long, List<long[]>> entry : byKey.entrySet()) {
            List<long[]> rows = entry.getValue();
            rows.sort(Comparator.comparingLong(r -> r[0]));
            for (int j = 1; j < rows.size(); j++) {
                boolean inOrder = DB.isCrateDb() ? rows.get(j)[1] >= rows.get(j - 1)[1]
                        : rows.get(j)[1] > rows.get(j - 1)[1];
                if (!inOrder) {
                    violations++;
                }
            }
        }
        long keysAcrossReshard = shardsOfKey.values().stream().filter(shards -> shards.size() >= 3).count();
        System.out.printf("resharding: %d of %d keys went through parent, child and grandchild; %d order violations"
                + " (%s)%n", keysAcrossReshard, byKey.size(), violations,
                DB.isCrateDb() ? "first-seen polls" : "write_order sequence");
        assertThat(keysAcrossReshard).as("keys whose records span the split and the merge").isPositive();
        assertThat(violations).as("rows of a key written out of order").isZero();
    }

    private static void pollFirstSeen(String table, Map<Long, Integer> firstSeen, AtomicBoolean polling) {
        int poll = 0;
        while (polling.get()) {
            try {
                for (Map<String, Object> row : Rows.query(DB, "SELECT i FROM " + table)) {
                    firstSeen.putIfAbsent(((Number) row.get("i")).longValue(), poll);
                }
            } catch (Exception notYet) {
                // the table does not exist yet
            }
            poll++;
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
