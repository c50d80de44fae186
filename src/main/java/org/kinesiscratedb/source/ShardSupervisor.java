package org.kinesiscratedb.source;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Decides which shards are read, from where, and when a bounded load is complete.
 *
 * <p>Every shard gets its own reader (a Camel route, started through {@link ShardReaders}). A child shard is
 * started only after all its parents are finished, so that records of one partition key arrive in order across a
 * reshard. A shard is finished when GetRecords said it is closed and every fetched record is handled
 * ({@link Handling#handled}). A bounded load is complete when no shard waits and every running shard is at its tip
 * with every fetched record handled.
 *
 * <p>{@link #tick()} is called periodically from one thread (the supervisor route); it is not thread-safe.
 */
public final class ShardSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSupervisor.class);

    /** How often the shard list is refreshed when nothing closed (to find shards added by a reshard). */
    static final Duration RELIST_INTERVAL = Duration.ofSeconds(10);

    /** Starts and stops the reader of one shard. */
    public interface ShardReaders {
        void start(String shardId, StartPosition position);

        void stop(String shardId);
    }

    /** The consumer side: whether fetched records are durably handled, and a way to hurry that along. */
    public interface Handling {
        /** True when every record of the shard up to {@code lastFetchedSequence} (null: none) is handled. */
        boolean handled(String shardId, String lastFetchedSequence);

        /** Called once when a shard is closed and all its records are handled. */
        void shardFinished(String shardId);
    }

    enum State { WAITING, RUNNING, FINISHED }

    private final String stream;
    private final ObservingKinesisClient client;
    private final StartPosition startPosition;
    private final Map<String, String> resumeAfter;
    private final boolean failOnExpiredCheckpoint;
    private final ShardReaders readers;
    private final Handling handling;
    private final Map<String, Shard> shards = new LinkedHashMap<>();
    private final Map<String, State> states = new LinkedHashMap<>();
    /** Shards that existed when we started: they begin at the configured start position, later ones at their start. */
    private final Set<String> firstListing = new HashSet<>();
    private boolean listed;
    private boolean relistNow;
    private long lastListNanos;

    /**
     * @param resumeAfter             per shard, the last handled sequence number from a checkpoint: such shards
     *                                continue after it
     * @param failOnExpiredCheckpoint whether a checkpoint older than the shard's oldest record stops the relay
     *                                ({@link ExpiredCheckpointException}) instead of continuing from that record
     */
    public ShardSupervisor(String stream, ObservingKinesisClient client, StartPosition startPosition,
                           Map<String, String> resumeAfter, boolean failOnExpiredCheckpoint, ShardReaders readers,
                           Handling handling) {
        this.stream = Objects.requireNonNull(stream);
        this.client = client;
        this.startPosition = startPosition;
        this.resumeAfter = Map.copyOf(resumeAfter);
        this.failOnExpiredCheckpoint = failOnExpiredCheckpoint;
        this.readers = readers;
        this.handling = handling;
    }

    /**
     * One supervision step: refresh the shard list when due, start shards whose parents are finished, finish
     * shards that are closed and handled.
     *
     * @return true when every shard is finished or caught up (the end of a bounded load)
     * @throws software.amazon.awssdk.core.exception.SdkException when the shard list cannot be read
     */
    public boolean tick() throws InterruptedException {
        if (!listed || relistNow || System.nanoTime() - lastListNanos > RELIST_INTERVAL.toNanos()) {
            list();
        }
        startReadyShards();
        boolean complete = true;
        for (Map.Entry<String, State> entry : new ArrayList<>(states.entrySet())) {
            String shardId = entry.getKey();
            switch (entry.getValue()) {
                case WAITING -> complete = false;
                case RUNNING -> complete &= superviseRunning(shardId);
                case FINISHED -> { }
                default -> throw new IllegalStateException();
            }
        }
        return complete && !relistNow;
    }

    /** Returns whether the running shard counts as caught up; finishes it when it is closed and handled. */
    private boolean superviseRunning(String shardId) throws InterruptedException {
        ShardProgress progress = client.progress(stream, shardId);
        if (!progress.closed() && !progress.atTip()) {
            return false;
        }
        if (!handling.handled(shardId, progress.lastFetchedSequence())) {
            return false; // the consumer side writes its last batch within its linger time
        }
        if (progress.closed()) {
            LOG.info("Shard {} is closed and fully read; starting its children", shardId);
            readers.stop(shardId);
            client.forget(stream, shardId);
            states.put(shardId, State.FINISHED);
            handling.shardFinished(shardId);
            relistNow = true;
        }
        return true;
    }

    private void startReadyShards() {
        for (Map.Entry<String, State> entry : states.entrySet()) {
            if (entry.getValue() == State.WAITING && parentsFinished(shards.get(entry.getKey()))) {
                String shardId = entry.getKey();
                StartPosition position = positionFor(shardId);
                LOG.info("Reading shard {} of stream {} from {}", shardId, stream, position);
                readers.start(shardId, position);
                entry.setValue(State.RUNNING);
            }
        }
    }

    private StartPosition positionFor(String shardId) {
        String checkpoint = resumeAfter.get(shardId);
        if (checkpoint != null) {
            checkNotExpired(shardId, checkpoint);
            return StartPosition.afterSequence(checkpoint);
        }
        return firstListing.contains(shardId) ? startPosition : StartPosition.trimHorizon();
    }

    /**
     * A checkpoint older than the oldest record the shard still holds means records between them may have expired
     * past the stream's retention: say so loudly (or stop, when asked to). Best effort: Kinesis may answer a
     * single GetRecords call at TRIM_HORIZON with no records even when the shard holds some.
     */
    private void checkNotExpired(String shardId, String checkpoint) {
        String iterator = client.delegate().getShardIterator(GetShardIteratorRequest.builder().streamName(stream)
                .shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON).build()).shardIterator();
        if (iterator == null) {
            return;
        }
        List<Record> oldest = client.delegate().getRecords(GetRecordsRequest.builder().shardIterator(iterator)
                .limit(1).build()).records();
        if (!oldest.isEmpty()
                && new BigInteger(oldest.get(0).sequenceNumber()).compareTo(new BigInteger(checkpoint)) > 0) {
            String message = "The checkpoint of shard " + shardId + " (" + checkpoint + ") is older than the oldest "
                    + "record the shard still holds (" + oldest.get(0).sequenceNumber() + "): records in between "
                    + "may have expired past the stream's retention period";
            if (failOnExpiredCheckpoint) {
                throw new ExpiredCheckpointException(message + "; stopping (checkpointer-expired=fail)");
            }
            LOG.warn("{}; continuing from the oldest record (checkpointer-expired=oldest)", message);
        }
    }

    private boolean parentsFinished(Shard shard) {
        return Stream.of(shard.parentShardId(), shard.adjacentParentShardId())
                .filter(Objects::nonNull)
                .filter(states::containsKey) // a parent past the retention period is no longer listed
                .allMatch(parent -> states.get(parent) == State.FINISHED);
    }

    private void list() {
        List<Shard> all = new ArrayList<>();
        String token = null;
        do {
            ListShardsRequest request = token == null
                    ? ListShardsRequest.builder().streamName(stream).build()
                    : ListShardsRequest.builder().nextToken(token).build();
            ListShardsResponse response = client.delegate().listShards(request);
            all.addAll(response.shards());
            token = response.nextToken();
        } while (token != null);
        client.publishShards(stream, all);
        for (Shard shard : all) {
            if (shards.putIfAbsent(shard.shardId(), shard) == null) {
                states.put(shard.shardId(), initialState(shard));
                if (!listed) {
                    firstListing.add(shard.shardId());
                }
            }
        }
        if (!listed) {
            LOG.info("Stream {} has {} shards ({} open)", stream, all.size(),
                    all.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).count());
        }
        listed = true;
        relistNow = false;
        lastListNanos = System.nanoTime();
    }

    /** With LATEST, shards that were already closed when we started hold nothing newer: skip them. */
    private State initialState(Shard shard) {
        boolean closedAtStart = !listed && shard.sequenceNumberRange() != null
                && shard.sequenceNumberRange().endingSequenceNumber() != null;
        if (closedAtStart && "LATEST".equals(startPosition.iteratorType())
                && !resumeAfter.containsKey(shard.shardId())) {
            return State.FINISHED;
        }
        return State.WAITING;
    }

    /** Shard ids by state, for status output and tests. */
    public Map<String, String> describe() {
        Map<String, String> view = new LinkedHashMap<>();
        states.forEach((id, state) -> view.put(id, state.name().toLowerCase(java.util.Locale.ROOT)));
        return view;
    }

    /** Stops every running reader (a bounded load is complete, or the relay stops). */
    public void stopAll() {
        states.forEach((id, state) -> {
            if (state == State.RUNNING) {
                readers.stop(id);
            }
        });
    }

    /** The shards currently read. */
    public List<String> running() {
        return states.entrySet().stream().filter(e -> e.getValue() == State.RUNNING).map(Map.Entry::getKey).toList();
    }
}
