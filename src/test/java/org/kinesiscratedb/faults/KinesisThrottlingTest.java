package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.InProcessRelay;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.KinesisFaultProxy;
import org.kinesiscratedb.testing.KinesisFaultProxy.Fault;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.LogCapture;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Faults 4 and 6a: Kinesis throttles ({@code ProvisionedThroughputExceededException}), fails with 500/503, or says
 * a shard iterator expired. An HTTP proxy in front of the emulator ({@link KinesisFaultProxy}) answers a share of the
 * relay's GetRecords, GetShardIterator and ListShards requests with those errors, as AWS sends them; the relay backs
 * off and retries, and nothing is lost or written twice.
 *
 * <p>Durations: the faults last 10 s in the relay test; {@code -Dfaults.outageSeconds=30} makes it 30 s.
 */
class KinesisThrottlingTest {

    /** Share of the relay's read requests answered with an error while the fault is on. */
    static final double FAULT_SHARE = 0.3;
    /** How long the fault lasts in the relay test. */
    static final Duration FAULTY_FOR = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 10));
    /** GetRecords answers throttled in a row at the start of the bounded load. */
    static final int THROTTLED_IN_A_ROW = 10;
    static final Set<String> READS = Set.of("GetRecords", "GetShardIterator", "ListShards");
    static final List<Fault> TRANSIENT = List.of(Fault.THROTTLED, Fault.INTERNAL_ERROR, Fault.UNAVAILABLE);

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static String sourceVia(KinesisFaultProxy proxy, String stream, String... extra) {
        return KINESIS.sourceUrl(stream, extra).replace(KINESIS.endpoint().toString(), proxy.endpoint().toString());
    }

    @Test
    void throttlingAndServerErrorsSlowTheRelayDownButLoseNothing() throws Exception {
        KINESIS.createStream("throttled", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "throttled", 1000);
        try (KinesisFaultProxy proxy = new KinesisFaultProxy(KINESIS.port(), 42)) {
            InProcessRelay relay = InProcessRelay.follow(sourceVia(proxy, "throttled", "checkpointer=cratedb",
                    "checkpointer-schema=" + DB.schema(), "checkpointer-interval=1", "batch_size=100"),
                    DB.targetUrl("throttled"));
            double recovery;
            try {
                assertThat(Rows.awaitCount(DB, "throttled", n -> n >= 1000, 60)).isEqualTo(1000);

                proxy.failFraction(FAULT_SHARE, READS, TRANSIENT);
                ledger.put(KINESIS, "throttled", 1000);
                Thread.sleep(FAULTY_FOR.toMillis());
                proxy.heal();
                long healed = System.nanoTime();
                ledger.put(KINESIS, "throttled", 500);

                assertThat(Rows.awaitCount(DB, "throttled", n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
                recovery = (System.nanoTime() - healed) / 1e9;
                assertThat(relay.isRunning()).as("the relay still runs").isTrue();
            } finally {
                relay.close();
            }
            System.out.printf("throttling: injected %d throttles, %d HTTP 500, %d HTTP 503; passed %d GetRecords%n",
                    proxy.injected(Fault.THROTTLED), proxy.injected(Fault.INTERNAL_ERROR),
                    proxy.injected(Fault.UNAVAILABLE), proxy.forwarded("GetRecords"));
            assertThat(proxy.injectedTotal()).as("faults were injected").isPositive();
            Ledger.Figures figures = ledger.tally("Kinesis throttling and 5xx (" + Math.round(FAULT_SHARE * 100)
                    + "% of reads for " + FAULTY_FOR.toSeconds() + " s)", DB, "throttled", recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
            assertThat(figures.deadLettered()).isZero();
            assertThat(figures.rows()).isEqualTo(ledger.put());
        }
    }

    /**
     * A bounded {@code load} (separate JVM) through the same faults from its first request to its last, and GetRecords
     * throttled {@link #THROTTLED_IN_A_ROW} times in a row, more than the AWS SDK retries (3), so that the error
     * reaches the relay: it must still notice that every shard is caught up and end with exit code 0.
     */
    @Test
    void aBoundedLoadUnderThrottlingCompletes() throws Exception {
        KINESIS.createStream("throttledload", 2);
        Ledger ledger = new Ledger(20);
        ledger.put(KINESIS, "throttledload", 2000);
        try (KinesisFaultProxy proxy = new KinesisFaultProxy(KINESIS.port(), 7)) {
            proxy.failNext("GetRecords", THROTTLED_IN_A_ROW, Fault.THROTTLED);
            proxy.failFraction(FAULT_SHARE, READS, TRANSIENT);
            long start = System.nanoTime();
            CliProcess load = CliProcess.run(Duration.ofSeconds(90), "load",
                    sourceVia(proxy, "throttledload", "batch_size=100"), DB.targetUrl("throttledload"));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(load.exitCode()).as(load.output()).isZero();
            assertThat(load.stdout()).contains("2000 records read, 2000 rows written, 0 dead-lettered");
            assertThat(proxy.injectedTotal()).isPositive();
            Ledger.Figures figures = ledger.tally("bounded load under throttling and 5xx ("
                    + Math.round(FAULT_SHARE * 100) + "% of reads)", DB, "throttledload", seconds).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
        }
    }

    /**
     * A bounded {@code load} whose very first ListShards calls are throttled, more often in a row than the AWS SDK
     * retries (3): throttling is transient, so the load must back off and go on, not give up. Expected to fail until
     * KinesisRelay#supervise retries retryable errors (throttling, 5xx, I/O) before any shard runs, instead of ending
     * a bounded load at the first failed tick (see the report).
     */
    @Test
    void aBoundedLoadWhoseFirstListShardsAreThrottledStillCompletes() throws Exception {
        KINESIS.createStream("throttledstart", 1);
        Ledger ledger = new Ledger(10);
        ledger.put(KINESIS, "throttledstart", 100);
        try (KinesisFaultProxy proxy = new KinesisFaultProxy(KINESIS.port(), 11)) {
            proxy.failNext("ListShards", 6, Fault.THROTTLED);
            CliProcess load = CliProcess.run(Duration.ofSeconds(60), "load", sourceVia(proxy, "throttledstart"),
                    DB.targetUrl("throttledstart"));

            assertThat(proxy.injected(Fault.THROTTLED)).isPositive();
            assertThat(load.exitCode()).as(load.output()).isZero();
            assertThat(load.stdout()).contains("100 records read, 100 rows written");
        }
    }

    /**
     * Fault 6a end to end: GetRecords answers {@code ExpiredIteratorException} (what Kinesis says when processing
     * paused longer than an iterator's 5 minutes; kinesis-mock's 300 s are fixed, so the proxy says it). The relay
     * takes a new iterator right after the last record it fetched: nothing is skipped, nothing read twice.
     */
    @Test
    void anExpiredShardIteratorIsRenewedAfterTheLastFetchedRecord() throws Exception {
        KINESIS.createStream("expiring", 1);
        Ledger ledger = new Ledger(10);
        ledger.put(KINESIS, "expiring", 500);
        try (KinesisFaultProxy proxy = new KinesisFaultProxy(KINESIS.port(), 1);
                LogCapture log = new LogCapture()) {
            InProcessRelay relay = InProcessRelay.follow(sourceVia(proxy, "expiring", "batch_size=100"),
                    DB.targetUrl("expiring"));
            double recovery;
            try {
                assertThat(Rows.awaitCount(DB, "expiring", n -> n >= 500, 60)).isEqualTo(500);
                proxy.failNext("GetRecords", 1, Fault.EXPIRED_ITERATOR);
                long expired = System.nanoTime();
                ledger.put(KINESIS, "expiring", 500);
                assertThat(Rows.awaitCount(DB, "expiring", n -> n >= ledger.put(), 60)).isEqualTo(ledger.put());
                recovery = (System.nanoTime() - expired) / 1e9;
                assertThat(relay.isRunning()).isTrue();
            } finally {
                relay.close();
            }
            assertThat(proxy.injected(Fault.EXPIRED_ITERATOR)).isEqualTo(1);
            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("Shard iterator of shardId-000000000000 expired").contains("renewing it after sequence"));
            assertThat(relay.relay().summary().records()).as("records read: none twice").isEqualTo(ledger.put());
            Ledger.Figures figures = ledger.tally("expired shard iterator", DB, "expiring", recovery).print();
            assertThat(figures.duplicates()).isZero();
            assertThat(figures.lost()).isZero();
        }
    }
}
