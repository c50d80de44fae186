package org.kinesiscratedb.source;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * How many records one GetRecords call may return, so that what every shard's reader holds at once fits a share of
 * the heap however many shards there are and however far behind they are.
 *
 * <p>Each shard's consumer turns a whole GetRecords answer into Camel exchanges before it processes the first one, so
 * a shard holds up to one answer in memory, plus the batches being written. Kinesis allows 10,000 records per call;
 * 4 shards × 10,000 fit any heap, 200 shards × 10,000 records of 1 KB do not. The limit per call is the budget divided
 * by the shards being read and by what a record costs in memory: its payload twice (the SDK's bytes and the relay's
 * copy) plus {@value #RECORD_OVERHEAD_BYTES} bytes of objects around it (SDK record, exchange and headers, sequence
 * numbers, the row being planned), measured in the benchmark as the heap left after GC.
 */
public final class ReadBudget {

    /** The most records Kinesis returns per GetRecords call. */
    public static final int KINESIS_MAX_RECORDS = 10_000;
    /** Below this, the per-call overhead (and the 5 calls/s per shard that Kinesis allows) would starve a shard. */
    public static final int MIN_RECORDS = 100;
    static final long RECORD_OVERHEAD_BYTES = 2_048;

    private static final Logger LOG = LoggerFactory.getLogger(ReadBudget.class);

    private final long budgetBytes;
    // Until records are seen, assume 1 KB payloads (Kinesis allows 1 MB, typical JSON events are a few hundred bytes).
    private volatile double averagePayloadBytes = 1_024;
    private volatile int loggedLimit = KINESIS_MAX_RECORDS;

    public ReadBudget(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the read budget must be positive, not " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** A quarter of the heap the JVM may grow to ({@code -Xmx}): the rest is for batches, the pool and Camel. */
    public static ReadBudget ofHeap() {
        return new ReadBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /** The limit for one call that asked for {@code requested} records while {@code shards} shards are read. */
    public int limit(int requested, int shards) {
        double perRecord = 2 * averagePayloadBytes + RECORD_OVERHEAD_BYTES;
        long fits = (long) (budgetBytes / Math.max(1, shards) / perRecord);
        int limit = (int) Math.max(MIN_RECORDS, Math.min(Math.min(requested, KINESIS_MAX_RECORDS), fits));
        // Said once, and again when it moves by more than a quarter (the average payload drifts a little all the time).
        if (Math.abs(limit - loggedLimit) > loggedLimit / 4) {
            LOG.info("Reading up to {} records per GetRecords call ({} shards, records of {} bytes on average, "
                    + "read budget {} MB of the heap)", limit, shards, Math.round(averagePayloadBytes),
                    budgetBytes >> 20);
            loggedLimit = limit;
        }
        return limit;
    }

    /** Learns the payload size from an answer (a moving average, so a change in the stream is followed). */
    public void observe(List<Record> records) {
        if (records.isEmpty()) {
            return;
        }
        long bytes = 0;
        for (Record record : records) {
            bytes += record.data() == null ? 0 : record.data().asByteBuffer().remaining();
        }
        double average = (double) bytes / records.size();
        averagePayloadBytes = 0.7 * averagePayloadBytes + 0.3 * average;
    }
}
