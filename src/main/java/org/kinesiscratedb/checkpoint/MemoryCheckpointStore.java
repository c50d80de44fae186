package org.kinesiscratedb.checkpoint;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checkpoints kept for the life of the process ({@code checkpointer=memory}): a reconnect inside one run resumes,
 * a restart begins again at the start position. Same contract as the table; thread-safe.
 */
public final class MemoryCheckpointStore implements CheckpointStore {

    private record Key(String namespace, String shardId) {
    }

    private static final Comparator<Key> ORDER =
            Comparator.comparing(Key::namespace).thenComparing(Key::shardId);

    private final Map<Key, Checkpoint> rows = new TreeMap<>(ORDER);
    private final Clock clock;

    public MemoryCheckpointStore() {
        this(Clock.systemUTC());
    }

    /** A store that stamps {@code updated_at} from {@code clock} (tests move it). */
    public MemoryCheckpointStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open() {
        // Nothing to create.
    }

    @Override
    public synchronized Map<String, Checkpoint> load(String namespace) {
        Map<String, Checkpoint> byShard = new LinkedHashMap<>();
        for (Checkpoint row : list(Optional.of(namespace))) {
            byShard.put(row.shardId(), row);
        }
        return byShard;
    }

    @Override
    public synchronized void save(String namespace, Map<String, String> sequenceByShard) {
        sequenceByShard.values().forEach(SequenceNumbers::requireValid);
        OffsetDateTime now = now();
        sequenceByShard.forEach((shardId, sequence) ->
                rows.put(new Key(namespace, shardId), new Checkpoint(namespace, shardId, sequence, true, now)));
    }

    @Override
    public synchronized void deactivate(String namespace, Collection<String> shardIds) {
        OffsetDateTime now = now();
        for (String shardId : shardIds) {
            rows.computeIfPresent(new Key(namespace, shardId),
                    (key, row) -> new Checkpoint(namespace, shardId, row.sequence(), false, now));
        }
    }

    @Override
    public synchronized List<Checkpoint> list(Optional<String> namespace) {
        List<Checkpoint> result = new ArrayList<>();
        for (Checkpoint row : rows.values()) {
            if (namespace.map(row.namespace()::equals).orElse(true)) {
                result.add(row);
            }
        }
        return result;
    }

    @Override
    public synchronized long count(PruneFilter filter) {
        return rows.values().stream().filter(filter::matches).count();
    }

    @Override
    public synchronized long delete(PruneFilter filter) {
        long before = rows.size();
        rows.values().removeIf(filter::matches);
        return before - rows.size();
    }

    // Microseconds, as PostgreSQL keeps them, so both stores return the same values.
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public String toString() {
        return "MemoryCheckpointStore";
    }
}
