package org.kinesiscratedb.checkpoint;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One row of the checkpoint table: how far a relay got in one shard.
 *
 * @param namespace the relay's checkpoint name ({@code checkpointer-name}, default the stream name)
 * @param shardId   the Kinesis shard id
 * @param sequence  the last sequence number fully processed, or {@code null} when none was stored
 * @param active    whether a relay owns the shard (FALSE after a clean shutdown or a finished shard)
 * @param updatedAt when the row was last written, in UTC; {@code null} only if another tool wrote it so
 */
public record Checkpoint(String namespace, String shardId, String sequence, boolean active, OffsetDateTime updatedAt) {

    public Checkpoint {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(shardId, "shardId");
    }
}
