package org.kinesiscratedb.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisServiceClientConfiguration;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis client that Camel's {@code aws2-kinesis} consumers use (endpoint option {@code amazonKinesisClient}).
 * It delegates to the real client and adds what the stock consumer lacks:
 * <ul>
 *   <li>it observes every GetRecords response per shard ({@link ShardProgress}: MillisBehindLatest, end of shard),
 *       which is how the supervisor knows a shard is caught up or finished;</li>
 *   <li>it answers DescribeStream and ListShards from the supervisor's shard list, because the consumer calls
 *       DescribeStream on every poll (AWS allows 10 per second per account) and reads only its first page;</li>
 *   <li>it renews an expired shard iterator after the last fetched record, where the stock consumer would keep
 *       failing with the stale iterator forever.</li>
 *   <li>it lowers the records per GetRecords call when the shards being read would not fit their share of the heap
 *       ({@link ReadBudget}).</li>
 * </ul>
 */
public final class ObservingKinesisClient implements KinesisClient {

    private static final Logger LOG = LoggerFactory.getLogger(ObservingKinesisClient.class);

    private final KinesisClient delegate;
    private final ReadBudget budget;
    private final Map<String, ShardKey> shardByIterator = new ConcurrentHashMap<>();
    private final Map<ShardKey, ShardProgress> progress = new ConcurrentHashMap<>();
    private final Map<ShardKey, GetShardIteratorRequest> firstIteratorRequests = new ConcurrentHashMap<>();
    private final Map<String, List<Shard>> shardsByStream = new ConcurrentHashMap<>();

    private record ShardKey(String stream, String shardId) {
    }

    /** Observes {@code delegate}, with a quarter of the heap as the read budget ({@link ReadBudget#ofHeap()}). */
    public ObservingKinesisClient(KinesisClient delegate) {
        this(delegate, ReadBudget.ofHeap());
    }

    public ObservingKinesisClient(KinesisClient delegate, ReadBudget budget) {
        this.delegate = delegate;
        this.budget = budget;
    }

    /** The real client, for calls the supervisor makes itself (ListShards with paging). */
    public KinesisClient delegate() {
        return delegate;
    }

    /** Sets the shards that DescribeStream and ListShards answer with for a stream (kept by the supervisor). */
    public void publishShards(String stream, List<Shard> shards) {
        shardsByStream.put(stream, List.copyOf(shards));
    }

    /** The observed progress of a shard (created on first use). */
    public ShardProgress progress(String stream, String shardId) {
        return progress.computeIfAbsent(new ShardKey(stream, shardId), key -> new ShardProgress(shardId));
    }

    /** Forgets a shard whose route was removed. */
    public void forget(String stream, String shardId) {
        ShardKey key = new ShardKey(stream, shardId);
        progress.remove(key);
        firstIteratorRequests.remove(key);
        shardByIterator.values().removeIf(key::equals);
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        GetShardIteratorResponse response;
        try {
            response = delegate.getShardIterator(request);
        } catch (ResourceNotFoundException | InvalidArgumentException gone) {
            if (request.startingSequenceNumber() == null) {
                throw gone;
            }
            // The checkpoint's record expired past the stream's retention (the supervisor has said so, and stops
            // first when checkpointer-expired=fail): continue from the oldest record the shard still holds.
            LOG.warn("Shard {} no longer holds sequence number {} ({}); reading from its oldest record",
                    request.shardId(), request.startingSequenceNumber(), gone.awsErrorDetails() == null
                            ? gone.getMessage() : gone.awsErrorDetails().errorMessage());
            request = request.toBuilder().shardIteratorType(ShardIteratorType.TRIM_HORIZON)
                    .startingSequenceNumber(null).build();
            response = delegate.getShardIterator(request);
        }
        ShardKey key = new ShardKey(request.streamName(), request.shardId());
        firstIteratorRequests.putIfAbsent(key, request);
        if (response.shardIterator() != null) {
            shardByIterator.put(response.shardIterator(), key);
        }
        return response;
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        // Forget the iterator only once the call succeeded: after a failure (throttling, 5xx, network) the consumer
        // retries with the same iterator, and its shard must still be known then.
        ShardKey key = shardByIterator.get(request.shardIterator());
        // One live iterator per shard being read: the shards that share the budget.
        int requested = request.limit() == null ? ReadBudget.KINESIS_MAX_RECORDS : request.limit();
        int limit = budget.limit(requested, shardByIterator.size());
        if (request.limit() == null || limit < requested) {
            request = request.toBuilder().limit(limit).build();
        }
        GetRecordsResponse response;
        try {
            response = delegate.getRecords(request);
        } catch (ExpiredIteratorException expired) {
            if (key == null) {
                throw expired;
            }
            response = delegate.getRecords(request.toBuilder().shardIterator(renewIterator(key)).build());
        }
        if (key != null) {
            shardByIterator.remove(request.shardIterator());
            List<Record> records = response.records();
            budget.observe(records);
            String last = records.isEmpty() ? null : records.get(records.size() - 1).sequenceNumber();
            progress(key.stream(), key.shardId()).observe(last, records.size(), response.millisBehindLatest(),
                    response.nextShardIterator() == null);
            if (response.nextShardIterator() != null) {
                shardByIterator.put(response.nextShardIterator(), key);
            }
        }
        return response;
    }

    /** A fresh iterator right after the last fetched record, or at the original start if nothing was fetched. */
    private String renewIterator(ShardKey key) {
        String last = progress(key.stream(), key.shardId()).lastFetchedSequence();
        GetShardIteratorRequest request = last != null
                ? GetShardIteratorRequest.builder().streamName(key.stream()).shardId(key.shardId())
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(last).build()
                : firstIteratorRequests.get(key);
        LOG.warn("Shard iterator of {} expired (processing paused longer than its 5 minutes); renewing it {}",
                key.shardId(), last != null ? "after sequence " + last : "at the start position");
        return delegate.getShardIterator(request).shardIterator();
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        List<Shard> shards = shardsByStream.get(request.streamName());
        if (shards == null) {
            return delegate.describeStream(request);
        }
        return DescribeStreamResponse.builder().streamDescription(StreamDescription.builder()
                .streamName(request.streamName()).streamStatus(StreamStatus.ACTIVE)
                .shards(shards).hasMoreShards(false).build()).build();
    }

    @Override
    public ListShardsResponse listShards(ListShardsRequest request) {
        List<Shard> shards = request.streamName() == null ? null : shardsByStream.get(request.streamName());
        if (shards == null || request.nextToken() != null) {
            return delegate.listShards(request);
        }
        return ListShardsResponse.builder().shards(shards).build();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public KinesisServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
