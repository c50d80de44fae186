package org.kinesiscratedb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kinesiscratedb.source.KinesisClients;
import org.kinesiscratedb.source.KinesisSourceSettings;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Measurement 1, the emulator's raw drain rate: every shard read in parallel from its start with GetRecords of up to
 * 10,000 records, back to back, nothing decoded or written. The client is built exactly as the relay builds its own
 * ({@link KinesisClients}), so the two differ only in what happens to the records.
 */
final class RawDrain {

    static final int MAX_RECORDS_PER_CALL = 10_000;

    private RawDrain() {
    }

    /** Reads the stream of the source URL to its end; returns the records read and the calls made. */
    static Map<String, Object> run(String sourceUrl) throws Exception {
        KinesisSourceSettings settings = KinesisSourceSettings.parse(sourceUrl);
        String stream = settings.streamName();
        try (KinesisClient client = KinesisClients.create(settings)) {
            List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
            ExecutorService threads = Executors.newFixedThreadPool(shards.size());
            try {
                long start = System.nanoTime();
                List<Future<long[]>> perShard = new ArrayList<>();
                for (Shard shard : shards) {
                    perShard.add(threads.submit(() -> drain(client, stream, shard.shardId())));
                }
                long records = 0;
                long calls = 0;
                for (Future<long[]> shard : perShard) {
                    records += shard.get()[0];
                    calls += shard.get()[1];
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return Map.of("records", records, "seconds", seconds, "getRecordsCalls", calls);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** One shard from TRIM_HORIZON until a call returns nothing (the backlog is complete before we start). */
    private static long[] drain(KinesisClient client, String stream, String shardId) {
        String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        long records = 0;
        long calls = 0;
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response = client.getRecords(b -> b.shardIterator(current).limit(MAX_RECORDS_PER_CALL));
            calls++;
            records += response.records().size();
            Long behind = response.millisBehindLatest();
            if (response.records().isEmpty() && (behind == null || behind == 0)) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return new long[] {records, calls};
    }
}
