package org.kinesiscratedb.checkpoint;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one relay (one namespace): per shard, the contiguous prefix of records that are durably
 * handled ({@link ShardWatermark}), saved to a {@link CheckpointStore} on {@link #flush()}.
 *
 * <p>Only the watermark is saved, and only when it moved, so a stored checkpoint never moves backwards and never
 * passes a record that is not written. Thread-safe.
 */
public final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final CheckpointStore store;
    private final String namespace;
    private final Map<String, ShardWatermark> watermarks = new ConcurrentHashMap<>();
    private final Map<String, String> saved = new ConcurrentHashMap<>();
    private volatile boolean failingToSave;
    private volatile long lastSaveNanos = System.nanoTime();

    /**
     * @param store     where checkpoints go; empty for a relay without persistent checkpoints (progress is still
     *                  tracked, nothing is saved)
     * @param namespace the rows' namespace: {@code checkpointer-name}, by default the stream name or ARN
     */
    public Checkpointer(Optional<CheckpointStore> store, String namespace) {
        this.store = store.orElse(null);
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    public boolean persistent() {
        return store != null;
    }

    /**
     * Creates the checkpoint table if needed and returns the stored checkpoints, shard id → last handled sequence
     * number. Waits and retries while the store is unreachable: starting without our checkpoints would re-read
     * (at best) or skip (with LATEST) records.
     */
    public Map<String, String> open() throws InterruptedException {
        if (store == null) {
            return Map.of();
        }
        long delayMillis = 200;
        boolean warned = false;
        while (true) {
            try {
                store.open();
                Map<String, String> resume = new LinkedHashMap<>();
                store.load(namespace).forEach((shardId, checkpoint) -> {
                    if (checkpoint.sequence() != null && SequenceNumbers.isValid(checkpoint.sequence())) {
                        resume.put(shardId, checkpoint.sequence());
                        watermarks.put(shardId, ShardWatermark.after(checkpoint.sequence()));
                        saved.put(shardId, checkpoint.sequence());
                    }
                });
                LOG.info("Checkpoints of '{}': {} shard(s) resume after their stored sequence number", namespace,
                        resume.size());
                return resume;
            } catch (CheckpointStoreException e) {
                if (!warned) {
                    LOG.warn("Cannot read the checkpoints of '{}': {}; retrying", namespace, e.getMessage());
                    warned = true;
                }
                TimeUnit.MILLISECONDS.sleep(delayMillis);
                delayMillis = Math.min(delayMillis * 2, 10_000);
            }
        }
    }

    /** A record of the shard arrived (in shard order). Nothing to track without a store. */
    public void received(String shardId, String sequenceNumber) {
        if (store != null) {
            watermark(shardId).received(sequenceNumber);
        }
    }

    /** These records are written to the table or the dead-letter table. */
    public void handled(String shardId, Collection<String> sequenceNumbers) {
        if (store != null) {
            watermark(shardId).handled(sequenceNumbers);
        }
    }

    /** The last sequence number of the shard that is handled together with all before it, if any. */
    public Optional<String> position(String shardId) {
        ShardWatermark watermark = watermarks.get(shardId);
        return watermark == null ? Optional.empty() : watermark.watermark();
    }

    private ShardWatermark watermark(String shardId) {
        return watermarks.computeIfAbsent(shardId, id -> new ShardWatermark());
    }

    /**
     * Saves every watermark that moved since the last save. A failure is logged and the same positions are
     * saved at the next flush; it never loses progress and never throws.
     *
     * @return true when everything that moved is saved
     */
    public synchronized boolean flush() {
        if (store == null) {
            return true;
        }
        Map<String, String> moved = new LinkedHashMap<>();
        watermarks.forEach((shardId, watermark) -> watermark.watermark()
                .filter(position -> !position.equals(saved.get(shardId)))
                .ifPresent(position -> moved.put(shardId, position)));
        if (moved.isEmpty()) {
            lastSaveNanos = System.nanoTime();
            return true;
        }
        try {
            store.save(namespace, moved);
            saved.putAll(moved);
            lastSaveNanos = System.nanoTime();
            if (failingToSave) {
                LOG.info("Checkpoints of '{}' are saved again", namespace);
                failingToSave = false;
            }
            LOG.debug("Saved checkpoints of '{}': {}", namespace, moved);
            return true;
        } catch (CheckpointStoreException e) {
            if (!failingToSave) {
                LOG.warn("Cannot save the checkpoints of '{}': {}; will retry at the next flush", namespace,
                        e.getMessage());
                failingToSave = true;
            }
            return false;
        }
    }

    /**
     * Saves the shards' positions and marks them inactive: on a clean stop, and when a shard is closed and read
     * to its end. Failures are logged (the rows then stay active and look owned until pruned or resumed).
     */
    public synchronized void release(Collection<String> shardIds) {
        if (store == null || shardIds.isEmpty()) {
            return;
        }
        if (flush()) {
            try {
                store.deactivate(namespace, List.copyOf(shardIds));
            } catch (CheckpointStoreException e) {
                LOG.warn("Cannot mark the checkpoints of {} inactive: {}", shardIds, e.getMessage());
            }
        }
    }

    /**
     * How long ago every handled record was last covered by a saved checkpoint (a flush with nothing to save
     * counts): grows while saving fails. Zero without a persistent store.
     */
    public java.time.Duration checkpointAge() {
        return store == null ? java.time.Duration.ZERO : java.time.Duration.ofNanos(System.nanoTime() - lastSaveNanos);
    }

    /** The shards this relay has seen. */
    public Collection<String> shards() {
        return List.copyOf(watermarks.keySet());
    }
}
