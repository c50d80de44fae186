package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.source.ObservingKinesisClient;
import org.kinesiscratedb.source.ShardProgress;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Fault 6a as a unit: the Kinesis client the shard consumers use renews an expired shard iterator right after the
 * last record it fetched (or at the original start position before the first record), and keeps track of a shard
 * whose GetRecords call failed (throttling, 5xx) so that the consumer's retry with the same iterator is observed.
 */
class ObservingKinesisClientFaultTest {

    private final KinesisClient delegate = mock(KinesisClient.class);
    private final ObservingKinesisClient client = new ObservingKinesisClient(delegate);

    private static GetRecordsRequest records(String iterator) {
        return GetRecordsRequest.builder().shardIterator(iterator).limit(10_000).build();
    }

    private static GetRecordsResponse answer(String next, String... sequences) {
        List<Record> records = java.util.Arrays.stream(sequences).map(seq -> Record.builder().sequenceNumber(seq)
                .partitionKey("k").data(SdkBytes.fromUtf8String("{}")).build()).toList();
        return GetRecordsResponse.builder().records(records).nextShardIterator(next).millisBehindLatest(0L).build();
    }

    private static GetShardIteratorResponse iterator(String iterator) {
        return GetShardIteratorResponse.builder().shardIterator(iterator).build();
    }

    private static ExpiredIteratorException expired() {
        return ExpiredIteratorException.builder().message("Iterator expired").build();
    }

    private void firstIterator() {
        when(delegate.getShardIterator(any(GetShardIteratorRequest.class))).thenReturn(iterator("it-1"));
        client.getShardIterator(GetShardIteratorRequest.builder().streamName("s").shardId("shard-0")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON).build());
    }

    @Test
    void anIteratorThatExpiresBeforeTheFirstRecordIsRenewedAtTheOriginalStart() {
        firstIterator();
        when(delegate.getRecords(records("it-1"))).thenThrow(expired());
        when(delegate.getShardIterator(any(GetShardIteratorRequest.class))).thenReturn(iterator("it-2"));
        when(delegate.getRecords(records("it-2"))).thenReturn(answer("it-3", "5", "6"));

        GetRecordsResponse response = client.getRecords(records("it-1"));

        assertThat(response.records()).extracting(Record::sequenceNumber).containsExactly("5", "6");
        ArgumentCaptor<GetShardIteratorRequest> renewal = ArgumentCaptor.forClass(GetShardIteratorRequest.class);
        verify(delegate, times(2)).getShardIterator(renewal.capture());
        assertThat(renewal.getAllValues().get(1).shardIteratorType()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
        assertThat(client.progress("s", "shard-0").lastFetchedSequence()).isEqualTo("6");
    }

    @Test
    void anIteratorThatExpiresLaterIsRenewedAfterTheLastFetchedRecord() {
        firstIterator();
        when(delegate.getRecords(records("it-1"))).thenReturn(answer("it-2", "5", "6"));
        when(delegate.getRecords(records("it-2"))).thenThrow(expired());
        when(delegate.getShardIterator(any(GetShardIteratorRequest.class))).thenReturn(iterator("it-3"));
        when(delegate.getRecords(records("it-3"))).thenReturn(answer("it-4", "7"));

        client.getRecords(records("it-1"));
        GetRecordsResponse response = client.getRecords(records("it-2"));

        assertThat(response.records()).extracting(Record::sequenceNumber).containsExactly("7");
        assertThat(response.nextShardIterator()).isEqualTo("it-4");
        ArgumentCaptor<GetShardIteratorRequest> renewal = ArgumentCaptor.forClass(GetShardIteratorRequest.class);
        verify(delegate, times(2)).getShardIterator(renewal.capture());
        GetShardIteratorRequest renewed = renewal.getAllValues().get(1);
        assertThat(renewed.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(renewed.startingSequenceNumber()).isEqualTo("6");
        assertThat(renewed.shardId()).isEqualTo("shard-0");
        // The renewed iterator's successor still belongs to the shard.
        when(delegate.getRecords(records("it-4"))).thenReturn(answer("it-5"));
        client.getRecords(records("it-4"));
        assertThat(client.progress("s", "shard-0").responses()).isEqualTo(3);
    }

    @Test
    void anUnknownIteratorThatExpiredIsReportedAsItIs() {
        when(delegate.getRecords(records("stranger"))).thenThrow(expired());

        assertThatThrownBy(() -> client.getRecords(records("stranger"))).isInstanceOf(ExpiredIteratorException.class);
    }

    @Test
    void aGetRecordsCallThatFailsKeepsItsShardForTheRetry() {
        firstIterator();
        when(delegate.getRecords(records("it-1")))
                .thenThrow(ProvisionedThroughputExceededException.builder().message("Rate exceeded").build())
                .thenReturn(answer(null, "5"));

        assertThatThrownBy(() -> client.getRecords(records("it-1")))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        client.getRecords(records("it-1")); // the consumer retries with the same iterator

        ShardProgress progress = client.progress("s", "shard-0");
        assertThat(progress.responses()).as("the retried answer is observed").isEqualTo(1);
        assertThat(progress.lastFetchedSequence()).isEqualTo("5");
        assertThat(progress.closed()).as("no next iterator: the shard is closed and read").isTrue();
    }
}
