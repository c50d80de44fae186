package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * The reader's wait for the writer (backpressure, one batch in flight) while the relay stops: it waits as long as it
 * takes before the stop deadline, and gives up at the deadline with the record left pending, unwritten and so never
 * reported as handled (no checkpoint covers it; a restart reads it again).
 */
@Timeout(30) // a reader that waits forever fails the test instead of hanging the build
class ShardBatcherTest {

    /** A database that does not answer until {@link #answer()}. */
    private static final class BlockingSink implements RecordSink {
        final CountDownLatch answer = new CountDownLatch(1);
        final List<List<KinesisRecord>> written = new CopyOnWriteArrayList<>();

        @Override
        public void open() {
        }

        @Override
        public SinkResult write(List<KinesisRecord> batch) throws InterruptedException {
            answer.await();
            written.add(batch);
            return new SinkResult(batch.size(), 0);
        }

        void answer() {
            answer.countDown();
        }

        @Override
        public void close() {
        }
    }

    private final BlockingSink sink = new BlockingSink();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    /** One record per batch, no linger: every add hands a batch over, the second waits for the first. */
    private final StopDeadline stop = new StopDeadline();
    private final ShardBatcher batcher = new ShardBatcher("shard-1", 1, Long.MAX_VALUE, Long.MAX_VALUE, sink,
            (shardId, batch, result, nanos) -> batch.forEach(record -> handled.add(record.sequenceNumber())), stop);

    @AfterEach
    void close() {
        sink.answer();
        batcher.close();
    }

    private static KinesisRecord record(String sequence) {
        return new KinesisRecord("stream", "shard-1", sequence, "key", Instant.EPOCH,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void afterTheStopDeadlineAddGivesUpAndTheRecordStaysUnhandled() throws Exception {
        batcher.add(record("1")); // being written: the sink blocks
        stop.begin(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));

        long start = System.nanoTime();
        batcher.add(record("2"));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(waitedMillis).as("waits until the deadline, not longer").isBetween(250L, 2_000L);
        assertThat(handled).isEmpty();
        assertThat(batcher.handledUpTo("2")).isFalse();
        assertThat(batcher.flush(0, TimeUnit.MILLISECONDS)).as("record 2 is not written").isFalse();

        // Past the deadline a later add does not wait at all.
        start = System.nanoTime();
        batcher.add(record("3"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(200L);

        // When the database answers, only the batch that was handed over is written; 2 and 3 are still pending.
        sink.answer();
        assertThat(awaitHandled(1)).containsExactly("1");
        assertThat(sink.written).hasSize(1);
        assertThat(batcher.handledUpTo("3")).isFalse();
    }

    @Test
    void beforeTheStopDeadlineAddKeepsWaitingForTheWriter() throws Exception {
        batcher.add(record("1"));
        stop.begin(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> add(record("2")));

        Thread.sleep(400);
        assertThat(second).as("still waiting for the first batch").isNotDone();

        sink.answer();
        second.get(5, TimeUnit.SECONDS);
        assertThat(batcher.flush(5, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).containsExactly("1", "2");
        assertThat(batcher.handledUpTo("2")).isTrue();
    }

    @Test
    void aReaderAlreadyWaitingLearnsAboutTheStop() throws Exception {
        batcher.add(record("1"));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> add(record("2")));
        Thread.sleep(300);
        assertThat(second).as("no stop yet: waits for the writer").isNotDone();

        stop.begin(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));

        second.get(2, TimeUnit.SECONDS);
        assertThat(handled).isEmpty();
        assertThat(batcher.handledUpTo("2")).isFalse();
    }

    private void add(KinesisRecord record) {
        try {
            batcher.add(record);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> awaitHandled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handled.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(handled);
    }

    @Test
    void aBatchIsCutByItsBytesCountingEachRecordsOverhead() throws Exception {
        sink.answer();
        long perRecord = 2 + ShardBatcher.RECORD_OVERHEAD_BYTES; // "{}" plus the overhead
        try (ShardBatcher bySize = new ShardBatcher("shard-2", 1_000, 10 * perRecord, Long.MAX_VALUE, sink,
                (shardId, batch, result, nanos) -> batch.forEach(record -> handled.add(record.sequenceNumber())),
                stop)) {
            for (int i = 1; i <= 25; i++) {
                bySize.add(record(String.valueOf(i)));
            }
            assertThat(bySize.flush(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sink.written).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(handled).hasSize(25);
    }
}
