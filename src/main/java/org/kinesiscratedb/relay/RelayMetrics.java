package org.kinesiscratedb.relay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * The relay's Micrometer meters, registered in the Micrometer registry that Camel's metrics support
 * ({@code camel.metrics.enabled=true}) puts into the Camel registry; nothing is registered without one. In
 * Prometheus' format: {@code kinesis_cratedb_records_read_total}, {@code ..._rows_written_total},
 * {@code ..._dead_lettered_total}, {@code ..._filtered_total}, {@code ..._batch_write_seconds} (count, sum, max),
 * {@code ..._millis_behind_latest{shard=...}} and {@code ..._checkpoint_age_seconds}, each tagged with the relay
 * bean's name and the stream.
 */
final class RelayMetrics {

    private final Timer batchWrites;
    private final MultiGauge millisBehind;
    // Micrometer holds the objects behind function counters and gauges weakly: keep them alive here.
    private final Supplier<RelaySummary> summary;
    private final Supplier<Duration> checkpointAge;

    private RelayMetrics(MeterRegistry registry, Tags tags, Supplier<RelaySummary> summary,
                         Supplier<Duration> checkpointAge) {
        this.summary = summary;
        this.checkpointAge = checkpointAge;
        FunctionCounter.builder("kinesis.cratedb.records.read", summary, s -> s.get().records())
                .description("Records read from Kinesis").tags(tags).register(registry);
        FunctionCounter.builder("kinesis.cratedb.rows.written", summary, s -> s.get().rowsWritten())
                .description("Rows written to the target table (CDC: events applied)").tags(tags).register(registry);
        FunctionCounter.builder("kinesis.cratedb.dead.lettered", summary, s -> s.get().deadLettered())
                .description("Records written to the dead-letter table").tags(tags).register(registry);
        FunctionCounter.builder("kinesis.cratedb.filtered", summary, s -> s.get().filtered())
                .description("Records a transformation filtered out").tags(tags).register(registry);
        Gauge.builder("kinesis.cratedb.checkpoint.age", checkpointAge, age -> age.get().toMillis() / 1000.0)
                .description("Seconds since every handled record was last covered by a saved checkpoint")
                .baseUnit("seconds").tags(tags).register(registry);
        batchWrites = Timer.builder("kinesis.cratedb.batch.write").description("Time to write one batch")
                .tags(tags).register(registry);
        millisBehind = MultiGauge.builder("kinesis.cratedb.millis.behind.latest")
                .description("MillisBehindLatest of each shard's last GetRecords answer").tags(tags)
                .register(registry);
    }

    /** Registers the meters if Camel's metrics are on (a MeterRegistry is bound); empty otherwise. */
    static RelayMetrics bindIfPresent(CamelContext context, String relay, String stream,
                                      Supplier<RelaySummary> summary, Supplier<Duration> checkpointAge) {
        return Optional.ofNullable(context.getRegistry().findSingleByType(MeterRegistry.class))
                .map(registry -> new RelayMetrics(registry, Tags.of("relay", relay, "stream", stream), summary,
                        checkpointAge))
                .orElse(null);
    }

    void batchWritten(long nanos) {
        batchWrites.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Sets the per-shard lag gauges to the shards read now (finished shards disappear). */
    void refresh(RelayStatus status) {
        List<MultiGauge.Row<?>> rows = status.millisBehindByShard().entrySet().stream()
                .filter(entry -> entry.getValue() >= 0)
                .<MultiGauge.Row<?>>map(entry -> MultiGauge.Row.of(Tags.of("shard", entry.getKey()), entry.getValue()))
                .toList();
        millisBehind.register(rows, true);
    }
}
