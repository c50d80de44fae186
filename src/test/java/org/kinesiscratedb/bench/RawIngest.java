package org.kinesiscratedb.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kinesiscratedb.target.Dialect;

/**
 * Measurement 2, the database's raw ingest ceiling: the N rows that {@code load} would write, generated in memory
 * and written straight through JDBC with the relay's upsert, in batches of the same size, by as many connections as
 * there are shards (the relay writes each shard's batches in parallel). Nothing is read, parsed or planned.
 */
final class RawIngest {

    private RawIngest() {
    }

    static Map<String, Object> run(String jdbcUrl, String schema, String table, long records, int writers,
                                   int batchSize) throws Exception {
        Dialect dialect;
        try (Connection connection = BenchDatabase.connect(jdbcUrl)) {
            dialect = Dialect.detect(connection);
        }
        String sql = BenchRow.upsertSql(dialect, schema, table);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            long start = System.nanoTime();
            List<Future<Long>> perWriter = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                perWriter.add(threads.submit(() -> write(jdbcUrl, sql, records, writers, writer, batchSize)));
            }
            long written = 0;
            for (Future<Long> each : perWriter) {
                written += each.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return Map.of("records", written, "seconds", seconds);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Writer {@code w} writes records w, w + writers, w + 2 writers, ... as if they came from shard w. */
    private static long write(String jdbcUrl, String sql, long records, int writers, int w, int batchSize)
            throws Exception {
        String shardId = String.format("shardId-%012d", w);
        long written = 0;
        try (Connection connection = BenchDatabase.connect(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int pending = 0;
            for (long n = w; n < records; n += writers) {
                BenchRow.generated(n, "bench", shardId, String.valueOf(49_000_000_000L + n), Instant.now())
                        .bind(statement);
                statement.addBatch();
                if (++pending == batchSize) {
                    written += countWritten(statement.executeBatch());
                    pending = 0;
                }
            }
            if (pending > 0) {
                written += countWritten(statement.executeBatch());
            }
        }
        return written;
    }

    /** Like the relay, only an update count of 1 proves a row was stored. */
    private static long countWritten(int[] counts) {
        long written = 0;
        for (int count : counts) {
            if (count == 1) {
                written++;
            }
        }
        return written;
    }
}
