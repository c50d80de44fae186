package org.kinesiscratedb.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.kinesiscratedb.source.KinesisRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the records of one shard into batches and has them written, one after the other, in shard order.
 *
 * <p>A batch is written when it holds {@code maxRecords} records or {@code maxBytes} of payload, or when its first
 * record has waited {@code lingerNanos}. The shard's own writer thread writes it while the reader fills the next
 * batch, so reading from Kinesis and writing to the database overlap. At most one batch is being written: the
 * reader waits when the next one is full before the previous one is written, so a slow or unreachable database
 * holds up the shard's reader, memory stays bounded, and nothing is skipped.
 *
 * <p>Once the relay stops (its {@link StopDeadline} is set), the reader waits for the writer only until the stop's deadline: a
 * database that is down must not hold up the stop. Records still pending then are not written, so no checkpoint
 * covers them, and a restart reads them again.
 */
final class ShardBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardBatcher.class);

    /**
     * What a record costs in memory besides its payload while it waits and is written (the record, its sequence
     * number and key, the decoded row): a batch's bytes count it, so that many small records are bounded too.
     */
    static final long RECORD_OVERHEAD_BYTES = 1_024;

    /** How often a reader that waits for the writer looks whether a stop began (and its deadline passed). */
    private static final long SLOT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Told about every batch that the sink has handled, in shard order, from the writer thread. */
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
    private final Semaphore writeSlot = new Semaphore(1);
    private final ExecutorService writer;
    private List<KinesisRecord> pending = new ArrayList<>();
    private long pendingBytes;
    private long firstPendingNanos;
    private volatile String lastHandledSequence;
    private final StopDeadline stop;

    ShardBatcher(String shardId, int maxRecords, long maxBytes, long lingerNanos, RecordSink sink,
                 BatchListener listener, StopDeadline stop) {
        this.shardId = shardId;
        this.stop = stop;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
        this.sink = sink;
        this.listener = listener;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "writer-" + shardId);
            thread.setDaemon(true);
            return thread;
        });
    }

    void add(KinesisRecord record) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (pending.isEmpty()) {
                firstPendingNanos = System.nanoTime();
            }
            pending.add(record);
            pendingBytes += record.data().length + RECORD_OVERHEAD_BYTES;
            // Backpressure: the previous batch must be written first. A stop past its deadline leaves the records
            // pending instead (unwritten, so never checkpointed: a restart reads them again).
            if ((pending.size() >= maxRecords || pendingBytes >= maxBytes) && awaitWriteSlot()) {
                submitPending();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the write slot: as long as it takes while the relay runs, until the stop deadline once it stops.
     *
     * @return whether the slot is ours
     */
    private boolean awaitWriteSlot() throws InterruptedException {
        while (true) {
            long left = stop.remainingNanos();
            if (left <= 0) {
                return writeSlot.tryAcquire();
            }
            if (writeSlot.tryAcquire(Math.min(SLOT_POLL_NANOS, left), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }

    /** Hands the pending batch over if its first record has waited long enough; skips a shard that is busy. */
    void flushIfLingering(long nowNanos) {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!pending.isEmpty() && nowNanos - firstPendingNanos >= lingerNanos && writeSlot.tryAcquire()) {
                submitPending();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes whatever is pending and waits until every batch of the shard is written. */
    void flush() throws InterruptedException {
        flush(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    /**
     * Writes whatever is pending and waits until every batch of the shard is written, at most {@code timeout}
     * (a stop must not wait forever for a database that is down).
     *
     * @return whether everything is written
     */
    boolean flush(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(unit.toNanos(timeout), TimeUnit.DAYS.toNanos(365));
        if (!lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            if (!pending.isEmpty()) {
                if (!writeSlot.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                submitPending();
            }
        } finally {
            lock.unlock();
        }
        // The last batch is written when the slot is free again.
        if (!writeSlot.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
            return false;
        }
        writeSlot.release();
        return true;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** With the lock and the write slot held: gives the pending batch to the writer thread. */
    private void submitPending() {
        List<KinesisRecord> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        writer.execute(() -> {
            try {
                long start = System.nanoTime();
                RecordSink.SinkResult result = sink.write(batch);
                long writeNanos = System.nanoTime() - start;
                lastHandledSequence = batch.get(batch.size() - 1).sequenceNumber();
                listener.handled(shardId, batch, result, writeNanos);
            } catch (InterruptedException e) {
                LOG.debug("Stopped while writing a batch of shard {}; it will be read again", shardId);
            } catch (RuntimeException e) {
                LOG.warn("A batch of shard {} was not written ({}); it will be read again after a restart", shardId,
                        e.toString());
            } finally {
                writeSlot.release();
            }
        });
    }

    /** True when nothing is pending or being written and the last handled record is {@code sequence}. */
    boolean handledUpTo(String sequence) {
        if (!lock.tryLock()) {
            return false; // the reader is adding or waiting for the writer
        }
        try {
            return pending.isEmpty() && writeSlot.availablePermits() == 1
                    && Objects.equals(lastHandledSequence, sequence);
        } finally {
            lock.unlock();
        }
    }

    String shardId() {
        return shardId;
    }

    /** Ends the writer thread (a batch being written finishes, or fails when the sink is closed). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lets the writer thread end once the batch it is writing, if any, is done, without waiting for it: for a stop
     * that closes the sink and the database next, which ends a write still waiting for them.
     */
    void shutdown() {
        writer.shutdown();
    }
}
