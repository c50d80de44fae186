package org.kinesiscratedb.relay;

import java.util.List;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * Where a batch of one shard's records goes: the table writer for JSON streams, a translator for change data
 * capture. Implementations must be safe for concurrent calls from several shards.
 */
public interface RecordSink extends AutoCloseable {

    /** Makes the target ready (tables created). Retries while the database is unreachable. */
    void open() throws InterruptedException;

    /**
     * Handles every record durably: written, or dead-lettered with its reason. Returns only then; blocks and retries
     * while the database is unreachable, and throws only when the relay stops (the batch then stays unhandled and
     * is read again after a restart).
     *
     * @return rows written and records dead-lettered
     */
    SinkResult write(List<KinesisRecord> batch) throws InterruptedException;

    /** Ends any retry loop promptly and releases connections. */
    @Override
    void close();

    /**
     * What one batch became.
     *
     * @param rowsWritten  rows written (for change data capture: events applied)
     * @param deadLettered records written to the dead-letter table instead
     * @param filtered     records a transformation filtered out on purpose (handled, nothing written)
     */
    record SinkResult(int rowsWritten, int deadLettered, int filtered) {
        public SinkResult(int rowsWritten, int deadLettered) {
            this(rowsWritten, deadLettered, 0);
        }
    }
}
