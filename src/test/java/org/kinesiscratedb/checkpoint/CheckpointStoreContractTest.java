package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CheckpointStore} must do, whatever keeps the rows. One subclass per backend.
 * Times have millisecond precision so that CrateDB (milliseconds) and PostgreSQL (microseconds) agree.
 */
abstract class CheckpointStoreContractTest {

    static final Instant START = Instant.parse("2025-06-01T10:00:00.123Z");

    final MutableClock clock = new MutableClock(START);
    CheckpointStore store;

    /** A store over empty storage (no table yet, for a database), stamping times from {@code clock}. */
    abstract CheckpointStore emptyStore(MutableClock clock) throws Exception;

    @BeforeEach
    void openEmptyStore() throws Exception {
        store = emptyStore(clock);
        store.open();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static PruneFilter olderThan(Instant cutoff) {
        return new PruneFilter(Optional.empty(), Optional.of(utc(cutoff)), false);
    }

    static PruneFilter inNamespace(String namespace) {
        return new PruneFilter(Optional.of(namespace), Optional.empty(), false);
    }

    @Test
    void openingAgainKeepsTheRows() {
        store.save("orders", Map.of("shardId-000000000000", "100"));

        store.open();
        store.open();

        assertThat(store.load("orders")).containsOnlyKeys("shardId-000000000000");
        assertThat(store.load("orders").get("shardId-000000000000").sequence()).isEqualTo("100");
    }

    @Test
    void loadReturnsWhatWasSavedAsActiveRowsStampedNow() {
        store.save("orders", Map.of("shardId-000000000000", "100", "shardId-000000000001", "200"));

        Map<String, Checkpoint> loaded = store.load("orders");

        assertThat(loaded).containsOnlyKeys("shardId-000000000000", "shardId-000000000001");
        assertThat(loaded.get("shardId-000000000001"))
                .isEqualTo(new Checkpoint("orders", "shardId-000000000001", "200", true, utc(START)));
    }

    @Test
    void loadOfAnUnknownNamespaceIsEmpty() {
        store.save("orders", Map.of("s-1", "1"));

        assertThat(store.load("payments")).isEmpty();
    }

    @Test
    void saveOverwritesTheStoredSequenceEvenWithALowerOne() {
        store.save("orders", Map.of("s-1", "500"));
        clock.advance(Duration.ofSeconds(5));

        store.save("orders", Map.of("s-1", "600"));
        assertThat(store.load("orders").get("s-1").sequence()).isEqualTo("600");
        assertThat(store.load("orders").get("s-1").updatedAt()).isEqualTo(utc(START.plusSeconds(5)));

        // Moving only forward is the caller's job: the store writes what it is given.
        store.save("orders", Map.of("s-1", "9"));
        assertThat(store.load("orders").get("s-1").sequence()).isEqualTo("9");
        assertThat(store.list(Optional.empty())).hasSize(1);
    }

    @Test
    void saveOfNoShardsWritesNothing() {
        store.save("orders", Map.of());

        assertThat(store.list(Optional.empty())).isEmpty();
    }

    @Test
    void saveRejectsSomethingThatIsNotASequenceNumberAndWritesNothing() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("s-1", "100");
        bad.put("s-2", "12a");

        assertThatThrownBy(() -> store.save("orders", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'12a'");
        assertThat(store.list(Optional.empty())).isEmpty();
    }

    @Test
    void deactivateKeepsTheSequenceAndStampsTheTime() {
        store.save("orders", Map.of("s-1", "100", "s-2", "200"));
        clock.advance(Duration.ofMinutes(1));

        store.deactivate("orders", List.of("s-1"));

        assertThat(store.load("orders").get("s-1"))
                .isEqualTo(new Checkpoint("orders", "s-1", "100", false, utc(START.plusSeconds(60))));
        assertThat(store.load("orders").get("s-2").active()).isTrue();
    }

    @Test
    void deactivatingAShardWithoutARowCreatesNone() {
        store.deactivate("orders", List.of("s-9"));

        assertThat(store.list(Optional.empty())).isEmpty();
    }

    @Test
    void savingAgainReactivatesAShard() {
        store.save("orders", Map.of("s-1", "100"));
        store.deactivate("orders", List.of("s-1"));

        store.save("orders", Map.of("s-1", "100"));

        assertThat(store.load("orders").get("s-1").active()).isTrue();
    }

    @Test
    void listIsOrderedByNamespaceThenShard() {
        store.save("payments", Map.of("s-2", "1"));
        store.save("orders", Map.of("s-3", "1", "s-1", "1"));
        store.save("payments", Map.of("s-1", "1"));

        List<Checkpoint> rows = store.list(Optional.empty());

        assertThat(rows).extracting(row -> row.namespace() + "/" + row.shardId())
                .containsExactly("orders/s-1", "orders/s-3", "payments/s-1", "payments/s-2");
    }

    @Test
    void namespacesAreIsolated() {
        store.save("orders", Map.of("s-1", "100"));
        store.save("orders-2", Map.of("s-1", "999"));
        store.deactivate("orders-2", List.of("s-1"));

        assertThat(store.load("orders").get("s-1"))
                .isEqualTo(new Checkpoint("orders", "s-1", "100", true, utc(START)));
        assertThat(store.list(Optional.of("orders-2"))).extracting(Checkpoint::sequence).containsExactly("999");
    }

    @Test
    void sequenceNumbersOf129DigitsRoundTrip() {
        String longest = "9".repeat(128) + "7";
        String leadingZeros = "0".repeat(100) + "42";

        store.save("orders", Map.of("s-1", longest, "s-2", leadingZeros));

        assertThat(store.load("orders").get("s-1").sequence()).isEqualTo(longest).hasSize(129);
        assertThat(store.load("orders").get("s-2").sequence()).isEqualTo(leadingZeros);
    }

    @Test
    void pruneSelectsOnlyInactiveRowsUnlessActiveAreIncluded() {
        store.save("orders", Map.of("s-1", "1", "s-2", "2", "s-3", "3"));
        store.deactivate("orders", List.of("s-1"));

        assertThat(store.count(inNamespace("orders"))).isEqualTo(1);
        assertThat(store.count(new PruneFilter(Optional.of("orders"), Optional.empty(), true))).isEqualTo(3);

        assertThat(store.delete(inNamespace("orders"))).isEqualTo(1);
        assertThat(store.list(Optional.empty())).extracting(Checkpoint::shardId).containsExactly("s-2", "s-3");
    }

    @Test
    void pruneCutoffSelectsRowsWrittenStrictlyBeforeIt() {
        store.save("orders", Map.of("old", "1", "edge", "2"));
        store.deactivate("orders", List.of("old"));
        clock.advance(Duration.ofDays(10));
        store.deactivate("orders", List.of("edge"));
        store.save("orders", Map.of("fresh", "3"));
        store.deactivate("orders", List.of("fresh"));
        Instant edgeTime = START.plus(Duration.ofDays(10));

        assertThat(store.count(olderThan(edgeTime))).isEqualTo(1);
        assertThat(store.count(olderThan(edgeTime.plusMillis(1)))).isEqualTo(3);
        assertThat(store.delete(olderThan(edgeTime))).isEqualTo(1);
        assertThat(store.list(Optional.empty())).extracting(Checkpoint::shardId).containsExactly("edge", "fresh");
    }

    @Test
    void pruneNamespaceMatchesExactlyAndCombinesWithTheCutoff() {
        store.save("orders", Map.of("s-1", "1"));
        store.save("orders-2", Map.of("s-1", "1"));
        store.save("ORDERS", Map.of("s-1", "1"));
        store.deactivate("orders", List.of("s-1"));
        store.deactivate("orders-2", List.of("s-1"));
        store.deactivate("ORDERS", List.of("s-1"));
        clock.advance(Duration.ofDays(1));

        PruneFilter ordersBeforeStart = new PruneFilter(Optional.of("orders"), Optional.of(utc(START)), false);
        assertThat(store.count(ordersBeforeStart)).isZero();
        assertThat(store.count(new PruneFilter(Optional.of("orders"), Optional.of(utc(START.plusSeconds(1))), false)))
                .isEqualTo(1);

        assertThat(store.delete(inNamespace("orders"))).isEqualTo(1);
        assertThat(store.list(Optional.empty())).extracting(Checkpoint::namespace)
                .containsExactlyInAnyOrder("orders-2", "ORDERS");
    }

    @Test
    void pruneThatMatchesNothingDeletesNothing() {
        store.save("orders", Map.of("s-1", "1"));

        assertThat(store.count(olderThan(START.plusSeconds(3600)))).isZero();
        assertThat(store.delete(olderThan(START.plusSeconds(3600)))).isZero();
        assertThat(store.list(Optional.empty())).hasSize(1);
    }
}
