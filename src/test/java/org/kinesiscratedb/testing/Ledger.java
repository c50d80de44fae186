package org.kinesiscratedb.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a fault test put into the stream and what ended up in the database: records are JSON objects with a unique
 * integer {@code "i"} (and a partition key {@code "k"} with a per-key counter {@code "n"}), so that rows can be
 * matched to records by payload, independently of the relay's own primary key.
 */
public final class Ledger {

    /** The figures of one fault test, as the README's reliability table shows them. */
    public record Figures(String fault, long put, long rows, long deadLettered, long duplicates, long lost,
                          double recoverySeconds) {

        /** One line per test on stdout, to be copied into the README. */
        public Figures print() {
            System.out.printf(Locale.ROOT, "fault: %s put=%d rows=%d duplicates=%d lost=%d recovery=%.1fs%n",
                    fault, put, rows, duplicates, lost, recoverySeconds);
            return this;
        }
    }

    private final int keys;
    private int next;
    private final Map<Integer, Integer> perKey = new HashMap<>();

    /** Records spread over {@code keys} partition keys ({@code key-0}, ...), round robin. */
    public Ledger(int keys) {
        this.keys = keys;
    }

    /** The next {@code count} records (payloads), ids continuing from the last call. */
    public synchronized List<byte[]> next(int count) {
        List<byte[]> payloads = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            int i = next++;
            int key = i % keys;
            int n = perKey.merge(key, 1, Integer::sum) - 1;
            payloads.add(("{\"i\":" + i + ",\"k\":" + key + ",\"n\":" + n + ",\"note\":\"record " + i + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    /** Puts the next {@code count} records; record i has partition key {@code key-(i % keys)}. */
    public synchronized void put(KinesisEmulator kinesis, String stream, int count) {
        // KinesisEmulator.put gives payload j the key key-(j % keys): keep that aligned with i % keys.
        if (next % keys != 0) {
            throw new IllegalStateException("put counts must be multiples of the number of keys");
        }
        kinesis.put(stream, next(count), keys);
    }

    public synchronized int put() {
        return next;
    }

    public int keys() {
        return keys;
    }

    /** Counts rows by payload id: duplicates (an id twice) and lost records (an id in neither table). */
    public Figures tally(String fault, TestDatabase db, String table, double recoverySeconds) throws Exception {
        String qualified = db.dialect().qualified(db.schema(), table);
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> row : Rows.query(db, "SELECT i FROM " + qualified)) {
            ids.add(((Number) row.get("i")).longValue());
        }
        TreeSet<Long> distinct = new TreeSet<>(ids);
        long deadLettered = Rows.count(db, table + "_errors");
        long found = 0;
        for (long i = 0; i < put(); i++) {
            if (distinct.contains(i)) {
                found++;
            }
        }
        return new Figures(fault, put(), ids.size(), deadLettered, ids.size() - distinct.size(),
                put() - found - deadLettered, recoverySeconds);
    }
}
