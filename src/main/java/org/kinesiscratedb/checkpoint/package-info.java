/**
 * Checkpoints: how far each shard of a stream has been fully processed, so a restart resumes there.
 *
 * <p>This package owns the checkpoint stores ({@link org.kinesiscratedb.checkpoint.CheckpointStore}: in memory,
 * or the {@code kinesis_checkpoints} table shared with cratedb-toolkit on CrateDB or PostgreSQL), the tracking
 * of the contiguous handled prefix per shard ({@link org.kinesiscratedb.checkpoint.ShardWatermark}), sequence
 * number arithmetic, and the checkpoint settings and durations of the maintenance commands. It may not talk to
 * Kinesis nor know how records are written: callers tell it which sequence numbers were received and handled.
 */
package org.kinesiscratedb.checkpoint;
