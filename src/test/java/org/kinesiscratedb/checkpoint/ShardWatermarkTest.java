package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShardWatermarkTest {

    private final ShardWatermark shard = new ShardWatermark();

    private void receive(String... sequences) {
        for (String sequence : sequences) {
            shard.received(sequence);
        }
    }

    @Test
    void isEmptyUntilTheFirstRecordIsHandled() {
        receive("1", "2");

        assertThat(shard.watermark()).isEmpty();
        shard.handled("2");
        assertThat(shard.watermark()).isEmpty();
    }

    @Test
    void advancesOnlyOverTheContiguousHandledPrefix() {
        receive("1", "2", "3", "4");

        shard.handled("3");
        assertThat(shard.watermark()).isEmpty();
        shard.handled("1");
        assertThat(shard.watermark()).contains("1");
        shard.handled("2");
        assertThat(shard.watermark()).contains("3");
        assertThat(shard.inFlightCount()).isEqualTo(1);
        shard.handled("4");
        assertThat(shard.watermark()).contains("4");
        assertThat(shard.inFlightCount()).isZero();
    }

    @Test
    void aFailedRecordBlocksUntilItIsHandled() {
        receive("10", "20", "30");
        shard.handled("10");
        shard.failed("20");
        shard.handled("30");

        assertThat(shard.watermark()).contains("10");
        assertThat(shard.failedCount()).isEqualTo(1);

        shard.handled("20");

        assertThat(shard.watermark()).contains("30");
        assertThat(shard.failedCount()).isZero();
    }

    @Test
    void ordersByNumericValueSo10ComesAfter9() {
        receive("9", "10", "100");

        shard.handled(List.of("100", "10"));
        assertThat(shard.watermark()).isEmpty();
        shard.handled("9");

        assertThat(shard.watermark()).contains("100");
    }

    @Test
    void bulkHandlingAdvancesLikeOneByOne() {
        receive("1", "2", "3", "5");

        shard.handled(List.of("2", "1", "5"));

        assertThat(shard.watermark()).contains("2");
    }

    @Test
    void aBulkWithAnUnknownRecordMarksNothing() {
        receive("1", "2");

        assertThatThrownBy(() -> shard.handled(List.of("1", "3"))).isInstanceOf(IllegalArgumentException.class);
        shard.handled("2");

        assertThat(shard.watermark()).isEmpty();
        assertThat(shard.inFlightCount()).isEqualTo(2);
    }

    @Test
    void neverMovesBack() {
        receive("5", "6");
        shard.handled("5");
        shard.handled("6");

        assertThat(shard.received("4")).isFalse();
        assertThat(shard.received("6")).isFalse();
        shard.handled("4");
        shard.handled("5");

        assertThat(shard.watermark()).contains("6");
        assertThat(shard.inFlightCount()).isZero();
    }

    @Test
    void aReplayedRecordStillInFlightIsNotCountedTwice() {
        assertThat(shard.received("1")).isTrue();
        assertThat(shard.received("1")).isFalse();

        shard.handled("1");

        assertThat(shard.watermark()).contains("1");
        assertThat(shard.inFlightCount()).isZero();
    }

    @Test
    void resumesAfterAStoredCheckpoint() {
        ShardWatermark resumed = ShardWatermark.after("500");

        assertThat(resumed.watermark()).contains("500");
        assertThat(resumed.received("499")).isFalse();
        assertThat(resumed.received("501")).isTrue();
        resumed.handled("501");
        assertThat(resumed.watermark()).contains("501");
    }

    @Test
    void keepsTheOriginalTextOfSequenceNumbersFarBeyondALong() {
        String first = "49590338271490256608559692538361571095921575989136588898";
        String second = "49590338271490256608559692538361571095921575989136588899";
        receive(first, second);

        shard.handled(second);
        shard.handled(first);

        assertThat(shard.watermark()).contains(second);
    }

    @Test
    void rejectsRecordsThatWereNeverReceived() {
        receive("1");

        assertThatThrownBy(() -> shard.handled("2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sequence number 2 was never received");
        assertThatThrownBy(() -> shard.failed("3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shard.received("x1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCompletionsInAnyOrderEndAtTheLastRecord() throws Exception {
        List<String> sequences = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            sequences.add("4959" + String.format("%010d", i));
        }
        sequences.forEach(shard::received);
        Collections.shuffle(sequences, new Random(7));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (String sequence : sequences) {
            pool.submit(() -> shard.handled(sequence));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(shard.watermark()).contains("4959" + String.format("%010d", 10_000));
        assertThat(shard.inFlightCount()).isZero();
    }
}
