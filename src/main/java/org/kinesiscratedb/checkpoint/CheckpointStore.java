package org.kinesiscratedb.checkpoint;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a relay keeps, per namespace and shard, the last sequence number it fully processed.
 *
 * <p>Writes are idempotent upserts keyed by (namespace, shard id); there are no transactions (CrateDB has none),
 * so a failed call may have done part of its work and the caller simply repeats it. A store does <b>not</b>
 * check that a checkpoint only moves forward (CrateDB has no conditional upsert): the caller only ever saves the
 * watermark of a {@link ShardWatermark}, which cannot go back. Every method may throw
 * {@link CheckpointStoreException}; what to do then is said per method.
 */
public interface CheckpointStore {

    /**
     * Creates the checkpoint table (and on PostgreSQL its schema) if it is missing; safe to call again.
     * On failure: do not start consuming with persistent checkpoints; report the error and stop.
     */
    void open();

    /**
     * The stored checkpoints of one namespace, by shard id. On failure: do not start the shards (starting
     * without them would replay from the start position); report and stop, or retry later.
     */
    Map<String, Checkpoint> load(String namespace);

    /**
     * Upserts one row per shard with the given sequence number, {@code active = TRUE} and {@code updated_at = now}.
     * Overwrites what is stored, even a higher sequence number. On failure: keep the values and save them again
     * at the next flush; nothing is lost but a longer replay after a crash.
     *
     * @throws IllegalArgumentException if a sequence number is not 1 to 129 decimal digits
     */
    void save(String namespace, Map<String, String> sequenceByShard);

    /**
     * Marks shards as no longer owned ({@code active = FALSE}, {@code updated_at = now}) and keeps their sequence
     * numbers; shards without a row are ignored. Call it after the final {@link #save} of a clean shutdown or of a
     * finished shard. On failure: log it and go on; the rows stay active and look stale only by their age.
     */
    void deactivate(String namespace, Collection<String> shardIds);

    /**
     * All rows, or those of one namespace, ordered by namespace and shard id.
     *
     * @throws CheckpointTableMissingException if the table does not exist: tell the user, nothing to list
     */
    List<Checkpoint> list(Optional<String> namespace);

    /**
     * How many rows {@code filter} selects (a prune's dry run).
     *
     * @throws CheckpointTableMissingException if the table does not exist
     */
    long count(PruneFilter filter);

    /**
     * Deletes the rows {@code filter} selects and returns how many went. On failure: nothing to undo; run again.
     *
     * @throws CheckpointTableMissingException if the table does not exist
     */
    long delete(PruneFilter filter);
}
