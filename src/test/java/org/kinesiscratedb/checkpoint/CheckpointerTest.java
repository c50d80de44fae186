package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the relay's checkpointer saves: only handled prefixes, only forward, and again after a failed save. */
class CheckpointerTest {

    /** A store that fails while {@code down} is set. */
    private static final class FlakyStore implements CheckpointStore {
        final MemoryCheckpointStore delegate = new MemoryCheckpointStore();
        final AtomicBoolean down = new AtomicBoolean();
        int saves;

        private void check() {
            if (down.get()) {
                throw new CheckpointStoreException("database unreachable");
            }
        }

        @Override
        public void open() {
            check();
            delegate.open();
        }

        @Override
        public Map<String, Checkpoint> load(String namespace) {
            check();
            return delegate.load(namespace);
        }

        @Override
        public void save(String namespace, Map<String, String> sequenceByShard) {
            check();
            saves++;
            delegate.save(namespace, sequenceByShard);
        }

        @Override
        public void deactivate(String namespace, Collection<String> shardIds) {
            check();
            delegate.deactivate(namespace, shardIds);
        }

        @Override
        public List<Checkpoint> list(Optional<String> namespace) {
            return delegate.list(namespace);
        }

        @Override
        public long count(PruneFilter filter) {
            return delegate.count(filter);
        }

        @Override
        public long delete(PruneFilter filter) {
            return delegate.delete(filter);
        }
    }

    private final FlakyStore store = new FlakyStore();
    private final Checkpointer checkpointer = new Checkpointer(Optional.of(store), "ns");

    private String saved(String shard) {
        Checkpoint checkpoint = store.delegate.load("ns").get(shard);
        return checkpoint == null ? null : checkpoint.sequence();
    }

    @Test
    void savesOnlyTheContiguousPrefixOfHandledRecords() throws Exception {
        checkpointer.open();
        for (String seq : List.of("10", "11", "12", "13")) {
            checkpointer.received("s1", seq);
        }
        checkpointer.handled("s1", List.of("10", "12", "13")); // 11 is still being written

        checkpointer.flush();
        assertThat(saved("s1")).isEqualTo("10");

        checkpointer.handled("s1", List.of("11"));
        checkpointer.flush();
        assertThat(saved("s1")).isEqualTo("13");
    }

    @Test
    void savesNothingWhenNothingMoved() throws Exception {
        checkpointer.open();
        checkpointer.received("s1", "5");
        checkpointer.handled("s1", List.of("5"));
        checkpointer.flush();
        checkpointer.flush();

        assertThat(store.saves).isEqualTo(1);
    }

    @Test
    void aFailedSaveIsRepeatedAtTheNextFlushAndNothingIsLost() throws Exception {
        checkpointer.open();
        checkpointer.received("s1", "7");
        checkpointer.handled("s1", List.of("7"));
        store.down.set(true);

        assertThat(checkpointer.flush()).isFalse();
        assertThat(saved("s1")).isNull();

        store.down.set(false);
        assertThat(checkpointer.flush()).isTrue();
        assertThat(saved("s1")).isEqualTo("7");
    }

    @Test
    void resumesFromStoredCheckpointsAndIgnoresRecordsAtOrBelowThem() throws Exception {
        store.delegate.save("ns", Map.of("s1", "100"));

        assertThat(checkpointer.open()).containsExactly(Map.entry("s1", "100"));
        checkpointer.received("s1", "99");
        checkpointer.received("s1", "101");
        checkpointer.handled("s1", List.of("101"));
        checkpointer.flush();

        assertThat(saved("s1")).isEqualTo("101");
    }

    @Test
    void releaseSavesAndMarksTheShardsInactive() throws Exception {
        checkpointer.open();
        checkpointer.received("s1", "1");
        checkpointer.handled("s1", List.of("1"));

        checkpointer.release(List.of("s1"));

        Checkpoint checkpoint = store.delegate.load("ns").get("s1");
        assertThat(checkpoint.sequence()).isEqualTo("1");
        assertThat(checkpoint.active()).isFalse();
    }

    @Test
    void withoutAStoreNothingIsTrackedOrSaved() throws Exception {
        Checkpointer none = new Checkpointer(Optional.empty(), "ns");

        assertThat(none.open()).isEmpty();
        none.received("s1", "1");
        none.handled("s1", List.of("1"));
        assertThat(none.flush()).isTrue();
        assertThat(none.position("s1")).isEmpty();
        assertThat(none.persistent()).isFalse();
        assertThat(none.shards()).isEmpty();
    }
}
