package org.kinesiscratedb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The supervisor's decisions, with the Kinesis API mocked and the consumer played by the test. */
class ShardSupervisorTest {

    private final KinesisClient kinesis = mock(KinesisClient.class);
    private final ObservingKinesisClient client = new ObservingKinesisClient(kinesis);
    private final List<Shard> shards = new ArrayList<>();
    private final Map<String, StartPosition> started = new HashMap<>();
    private final Set<String> stopped = new HashSet<>();
    private final Map<String, String> handledUpTo = new HashMap<>();
    private final List<String> finished = new ArrayList<>();

    private final ShardSupervisor.ShardReaders readers = new ShardSupervisor.ShardReaders() {
        @Override
        public void start(String shardId, StartPosition position) {
            started.put(shardId, position);
        }

        @Override
        public void stop(String shardId) {
            stopped.add(shardId);
        }
    };

    private final ShardSupervisor.Handling handling = new ShardSupervisor.Handling() {
        @Override
        public boolean handled(String shardId, String lastFetchedSequence) {
            return java.util.Objects.equals(handledUpTo.get(shardId), lastFetchedSequence);
        }

        @Override
        public void shardFinished(String shardId) {
            finished.add(shardId);
        }
    };

    @BeforeEach
    void listShardsFromTheTestsList() {
        when(kinesis.listShards(any(ListShardsRequest.class)))
                .thenAnswer(call -> ListShardsResponse.builder().shards(List.copyOf(shards)).build());
    }

    private static Shard shard(String id, String parent, boolean closed) {
        return Shard.builder().shardId(id).parentShardId(parent)
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1")
                        .endingSequenceNumber(closed ? "999" : null).build())
                .build();
    }

    /** Plays the consumer: one GetRecords answer for a shard, through the observing client. */
    private void fetched(String shardId, List<String> sequences, long millisBehind, boolean endOfShard) {
        String iterator = "it-" + shardId + "-" + System.nanoTime();
        when(kinesis.getShardIterator(any(GetShardIteratorRequest.class)))
                .thenReturn(GetShardIteratorResponse.builder().shardIterator(iterator).build());
        client.getShardIterator(GetShardIteratorRequest.builder().streamName("s").shardId(shardId).build());
        List<Record> records = sequences.stream()
                .map(seq -> Record.builder().sequenceNumber(seq).partitionKey("k").build()).toList();
        when(kinesis.getRecords(any(GetRecordsRequest.class))).thenReturn(GetRecordsResponse.builder()
                .records(records).millisBehindLatest(millisBehind)
                .nextShardIterator(endOfShard ? null : "next-" + iterator).build());
        client.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
    }

    private ShardSupervisor supervisor(StartPosition start, Map<String, String> resume) {
        return new ShardSupervisor("s", client, start, resume, false, readers, handling);
    }

    @Test
    void startsEveryShardWithoutParentAtTheStartPosition() throws Exception {
        shards.add(shard("a", null, false));
        shards.add(shard("b", null, false));

        supervisor(StartPosition.trimHorizon(), Map.of()).tick();

        assertThat(started).containsOnlyKeys("a", "b");
        assertThat(started.get("a").iteratorType()).isEqualTo("TRIM_HORIZON");
    }

    @Test
    void startsAChildOnlyAfterItsParentIsClosedAndHandled() throws Exception {
        shards.add(shard("parent", null, true));
        shards.add(shard("child", "parent", false));
        ShardSupervisor supervisor = supervisor(StartPosition.trimHorizon(), Map.of());

        supervisor.tick();
        assertThat(started).containsOnlyKeys("parent");

        fetched("parent", List.of("10", "11"), 0, true);
        supervisor.tick();
        assertThat(started).as("parent records fetched but not yet written").containsOnlyKeys("parent");

        handledUpTo.put("parent", "11");
        supervisor.tick();
        supervisor.tick();
        assertThat(stopped).containsExactly("parent");
        assertThat(finished).containsExactly("parent");
        assertThat(started).containsKeys("parent", "child");
    }

    @Test
    void aBoundedLoadIsCompleteOnlyWhenEveryShardIsAtItsTipAndHandled() throws Exception {
        shards.add(shard("a", null, false));
        shards.add(shard("b", null, false));
        ShardSupervisor supervisor = supervisor(StartPosition.trimHorizon(), Map.of());
        assertThat(supervisor.tick()).isFalse();

        fetched("a", List.of("5"), 1000, false);
        fetched("b", List.of(), 0, false);
        assertThat(supervisor.tick()).as("a is behind").isFalse();

        fetched("a", List.of(), 0, false);
        assertThat(supervisor.tick()).as("a at tip, but record 5 not written").isFalse();

        handledUpTo.put("a", "5");
        assertThat(supervisor.tick()).isTrue();
    }

    /** What GetRecords at TRIM_HORIZON answers: the oldest record the shard still holds. */
    private void oldestRecordIs(String sequence) {
        when(kinesis.getShardIterator(any(GetShardIteratorRequest.class)))
                .thenReturn(GetShardIteratorResponse.builder().shardIterator("trim").build());
        when(kinesis.getRecords(any(GetRecordsRequest.class))).thenReturn(GetRecordsResponse.builder()
                .records(Record.builder().sequenceNumber(sequence).partitionKey("k").build())
                .nextShardIterator("next").millisBehindLatest(0L).build());
    }

    @Test
    void resumesShardsWithACheckpointAfterTheirSequence() throws Exception {
        shards.add(shard("a", null, false));
        shards.add(shard("b", null, false));
        oldestRecordIs("40");

        supervisor(StartPosition.latest(), Map.of("a", "42")).tick();

        assertThat(started.get("a")).isEqualTo(StartPosition.afterSequence("42"));
        assertThat(started.get("b")).isEqualTo(StartPosition.latest());
    }

    @Test
    void aCheckpointOlderThanTheOldestRecordContinuesThereByDefault() throws Exception {
        shards.add(shard("a", null, false));
        oldestRecordIs("100");

        supervisor(StartPosition.trimHorizon(), Map.of("a", "42")).tick();

        assertThat(started.get("a")).isEqualTo(StartPosition.afterSequence("42"));
    }

    @Test
    void aCheckpointOlderThanTheOldestRecordStopsTheRelayWhenAskedTo() {
        shards.add(shard("a", null, false));
        oldestRecordIs("100");
        ShardSupervisor supervisor = new ShardSupervisor("s", client, StartPosition.trimHorizon(), Map.of("a", "42"),
                true, readers, handling);

        org.assertj.core.api.Assertions.assertThatThrownBy(supervisor::tick)
                .isInstanceOf(ExpiredCheckpointException.class)
                .hasMessageContaining("checkpoint of shard a (42) is older than the oldest record")
                .hasMessageContaining("(100)");
        assertThat(started).isEmpty();
    }

    @Test
    void withLatestShardsClosedBeforeTheStartAreSkippedAndTheirChildrenStartAtLatest() throws Exception {
        shards.add(shard("old", null, true));
        shards.add(shard("new", "old", false));

        supervisor(StartPosition.latest(), Map.of()).tick();

        assertThat(started).containsOnlyKeys("new");
        assertThat(started.get("new")).isEqualTo(StartPosition.latest());
    }

    @Test
    void childrenFoundAfterTheStartAreReadFromTheirFirstRecord() throws Exception {
        shards.add(shard("a", null, false));
        ShardSupervisor supervisor = supervisor(StartPosition.latest(), Map.of());
        supervisor.tick();

        shards.set(0, shard("a", null, true));
        shards.add(shard("a1", "a", false));
        fetched("a", List.of(), 0, true);
        supervisor.tick();
        supervisor.tick();

        assertThat(started.get("a1")).isEqualTo(StartPosition.trimHorizon());
    }

    @Test
    void aParentPastRetentionDoesNotHoldItsChildBack() throws Exception {
        shards.add(shard("child", "expired-parent", false));

        supervisor(StartPosition.trimHorizon(), Map.of()).tick();

        assertThat(started).containsOnlyKeys("child");
    }
}
