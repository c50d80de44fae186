package org.kinesiscratedb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

class ReadBudgetTest {

    private static final long MB = 1 << 20;

    private static List<Record> records(int count, int payloadBytes) {
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(Record.builder().sequenceNumber(String.valueOf(i)).partitionKey("k")
                    .data(SdkBytes.fromByteArray(new byte[payloadBytes])).build());
        }
        return records;
    }

    @Test
    void aFewShardsGetTheKinesisMaximumWhenTheBudgetAllowsIt() {
        ReadBudget budget = new ReadBudget(1024 * MB);
        budget.observe(records(10, 200));
        assertThat(budget.limit(10_000, 4)).isEqualTo(10_000);
        assertThat(budget.limit(500, 4)).as("never more than asked for").isEqualTo(500);
    }

    @Test
    void manyShardsShareTheBudget() {
        ReadBudget budget = new ReadBudget(64 * MB);
        for (int i = 0; i < 20; i++) {
            budget.observe(records(10, 200)); // the average converges on 200 bytes
        }
        int perRecord = 2 * 200 + (int) ReadBudget.RECORD_OVERHEAD_BYTES;
        assertThat(budget.limit(10_000, 4)).isCloseTo((int) (64 * MB / 4 / perRecord), org.assertj.core.data.Offset
                .offset(30));
        assertThat(budget.limit(10_000, 40)).isCloseTo((int) (64 * MB / 40 / perRecord), org.assertj.core.data.Offset
                .offset(5));
        assertThat(budget.limit(10_000, 10_000)).as("a floor, so no shard starves").isEqualTo(ReadBudget.MIN_RECORDS);
    }

    @Test
    void largeRecordsLowerTheLimit() {
        ReadBudget budget = new ReadBudget(64 * MB);
        budget.observe(records(10, 200));
        int small = budget.limit(10_000, 4);
        for (int i = 0; i < 20; i++) {
            budget.observe(records(2, 100_000));
        }
        assertThat(budget.limit(10_000, 4)).isLessThan(small / 10).isGreaterThanOrEqualTo(ReadBudget.MIN_RECORDS);
    }

    @Test
    void theClientAsksKinesisForNoMoreThanTheBudgetAllows() {
        KinesisClient kinesis = mock(KinesisClient.class);
        when(kinesis.getShardIterator(any(GetShardIteratorRequest.class)))
                .thenReturn(GetShardIteratorResponse.builder().shardIterator("it-1").build());
        when(kinesis.getRecords(any(GetRecordsRequest.class))).thenReturn(GetRecordsResponse.builder()
                .records(records(3, 1_000)).nextShardIterator("it-2").millisBehindLatest(0L).build());
        ReadBudget budget = new ReadBudget(8 * MB);
        ObservingKinesisClient client = new ObservingKinesisClient(kinesis, budget);
        client.getShardIterator(GetShardIteratorRequest.builder().streamName("s").shardId("shardId-0")
                .shardIteratorType("TRIM_HORIZON").build());

        client.getRecords(GetRecordsRequest.builder().shardIterator("it-1").limit(10_000).build());

        ArgumentCaptor<GetRecordsRequest> sent = ArgumentCaptor.forClass(GetRecordsRequest.class);
        org.mockito.Mockito.verify(kinesis).getRecords(sent.capture());
        int expected = (int) (8 * MB / (2 * 1_024 + ReadBudget.RECORD_OVERHEAD_BYTES));
        assertThat(sent.getValue().limit()).isEqualTo(expected).isLessThan(10_000);
        assertThat(sent.getValue().shardIterator()).isEqualTo("it-1");
        assertThat(client.progress("s", "shardId-0").lastFetchedSequence()).isEqualTo("2");
    }
}
