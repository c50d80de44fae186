package org.kinesiscratedb.source;

/**
 * What the last GetRecords calls of one shard said: how far we fetched, whether the shard is at its tip, and
 * whether it is closed (no next iterator: every record of the shard has been fetched). Thread-safe snapshot holder.
 */
public final class ShardProgress {

    private final String shardId;
    private volatile String lastFetchedSequence;
    private volatile long millisBehindLatest = -1;
    private volatile boolean lastResponseEmpty;
    private volatile boolean closed;
    private volatile long responses;
    private volatile long lastResponseNanos;

    ShardProgress(String shardId) {
        this.shardId = shardId;
    }

    synchronized void observe(String lastSequenceInResponse, int recordCount, Long millisBehind, boolean endOfShard) {
        if (lastSequenceInResponse != null) {
            lastFetchedSequence = lastSequenceInResponse;
        }
        lastResponseEmpty = recordCount == 0;
        millisBehindLatest = millisBehind == null ? -1 : millisBehind;
        closed = closed || endOfShard;
        responses++;
        lastResponseNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} of the last GetRecords answer, 0 before the first. */
    public long lastResponseNanos() {
        return lastResponseNanos;
    }

    public String shardId() {
        return shardId;
    }

    /** The sequence number of the last record fetched from this shard, or null if none was fetched yet. */
    public String lastFetchedSequence() {
        return lastFetchedSequence;
    }

    /** {@code MillisBehindLatest} of the last response, -1 before the first one. */
    public long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** True when the last response had no records and said the shard is not behind: we are at its tip. */
    public boolean atTip() {
        return responses > 0 && lastResponseEmpty && millisBehindLatest == 0;
    }

    /** True once GetRecords returned no next iterator: the shard is closed and every record was fetched. */
    public boolean closed() {
        return closed;
    }

    public long responses() {
        return responses;
    }

    @Override
    public String toString() {
        return shardId + "[fetched=" + lastFetchedSequence + ", behind=" + millisBehindLatest + "ms, closed=" + closed + "]";
    }
}
