package org.kinesiscratedb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Puts {@link TutorialRecords} into a stream: the backlog before the measurements (as fast as the emulator takes
 * it), and the steady stream of the latency phase (at a fixed rate). Records are generated chunk by chunk, so a
 * backlog of millions costs no memory here.
 */
final class Producer {

    /** PutRecords takes at most 500 records per call. */
    static final int PUT_BATCH = 500;

    private final KinesisClient client;
    private final String stream;

    Producer(KinesisClient client, String stream) {
        this.client = client;
        this.stream = stream;
    }

    /** Puts records 0 to count - 1, chunks spread over {@code threads} concurrent producers. */
    void preload(long count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                producers.add(pool.submit(() -> {
                    for (long from = (long) thread * PUT_BATCH; from < count; from += (long) threads * PUT_BATCH) {
                        put(from, Math.min(count, from + PUT_BATCH));
                    }
                    return null;
                }));
            }
            for (Future<?> producer : producers) {
                producer.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Puts {@code rate} records per second for {@code seconds}, from index {@code first} on, in ten PutRecords a
     * second; a late call is caught up at once. Returns how many records were put.
     */
    long steady(long first, int rate, int seconds) throws InterruptedException {
        int ticksPerSecond = Math.min(10, rate);
        long total = (long) rate * seconds;
        long ticks = (long) ticksPerSecond * seconds;
        long start = System.nanoTime();
        long next = first;
        for (long tick = 0; tick < ticks; tick++) {
            long due = start + tick * TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long end = first + total * (tick + 1) / ticks;
            put(next, end);
            next = end;
        }
        return next - first;
    }

    /** One record on its own (to see that a follower is up). */
    void putOne(long index) {
        put(index, index + 1);
    }

    /** Puts records [from, to) in one call, retrying the entries that failed (throttling). */
    private void put(long from, long to) {
        List<PutRecordsRequestEntry> pending = new ArrayList<>();
        for (long n = from; n < to; n++) {
            pending.add(PutRecordsRequestEntry.builder().partitionKey(TutorialRecords.partitionKey(n))
                    .data(SdkBytes.fromByteArray(TutorialRecords.payload(n))).build());
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 20) {
                throw new IllegalStateException("PutRecords kept failing for " + pending.size() + " records");
            }
            List<PutRecordsRequestEntry> sent = pending;
            PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(sent));
            List<PutRecordsRequestEntry> retry = new ArrayList<>();
            for (int i = 0; i < response.records().size(); i++) {
                if (response.records().get(i).errorCode() != null) {
                    retry.add(sent.get(i));
                }
            }
            pending = retry;
        }
    }
}
