package org.kinesiscratedb.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * Collects the records of one shard into batches and hands each full batch to the sink, in order.
 *
 * <p>A batch is written when it holds {@code maxRecords} records or {@code maxBytes} of payload, or when its first
 * record has waited {@code lingerNanos}. Writing happens in the thread that adds the record that fills the batch,
 * so a slow or unreachable database holds up the shard's reader: memory stays bounded and nothing is skipped.
 */
final class ShardBatcher {

    /** Told about every batch that the sink has handled. */
    interface BatchListener {
        void handled(String shardId, List<KinesisRecord> batch, RecordSink.SinkResult result, long writeNanos);
    }

    private final String shardId;
    private final int maxRecords;
    private final long maxBytes;
    private final long lingerNanos;
    private final RecordSink sink;
    private final BatchListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private List<KinesisRecord> pending = new ArrayList<>();
    private long pendingBytes;
    private long firstPendingNanos;
    private volatile String lastHandledSequence;

    ShardBatcher(String shardId, int maxRecords, long maxBytes, long lingerNanos, RecordSink sink,
                 BatchListener listener) {
        this.shardId = shardId;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
        this.sink = sink;
        this.listener = listener;
    }

    void add(KinesisRecord record) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (pending.isEmpty()) {
                firstPendingNanos = System.nanoTime();
            }
            pending.add(record);
            pendingBytes += record.data().length;
            if (pending.size() >= maxRecords || pendingBytes >= maxBytes) {
                writePending();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the pending batch if its first record has waited long enough; skips a shard that is busy writing. */
    void flushIfLingering(long nowNanos) throws InterruptedException {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!pending.isEmpty() && nowNanos - firstPendingNanos >= lingerNanos) {
                writePending();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes whatever is pending now, waiting for a write in progress. */
    void flush() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (!pending.isEmpty()) {
                writePending();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writePending() throws InterruptedException {
        List<KinesisRecord> batch = pending;
        long start = System.nanoTime();
        RecordSink.SinkResult result = sink.write(batch);
        long writeNanos = System.nanoTime() - start;
        pending = new ArrayList<>();
        pendingBytes = 0;
        lastHandledSequence = batch.get(batch.size() - 1).sequenceNumber();
        listener.handled(shardId, batch, result, writeNanos);
    }

    /** True when nothing is pending and the last handled record is {@code sequence} (null: nothing was ever read). */
    boolean handledUpTo(String sequence) {
        if (!lock.tryLock()) {
            return false; // a write is in progress
        }
        try {
            return pending.isEmpty() && java.util.Objects.equals(lastHandledSequence, sequence);
        } finally {
            lock.unlock();
        }
    }

    String shardId() {
        return shardId;
    }
}
