package org.kinesiscratedb.checkpoint;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Which checkpoint rows {@code prune-checkpoints} removes. Every given condition must hold: exact namespace,
 * {@code updated_at} strictly before the cutoff, and {@code active = FALSE} unless {@code includeActive}.
 *
 * @param namespace     only rows of this namespace
 * @param updatedBefore only rows last written before this instant
 * @param includeActive also rows a relay still owns
 */
public record PruneFilter(Optional<String> namespace, Optional<OffsetDateTime> updatedBefore, boolean includeActive) {

    /** Refuses a filter without namespace and cutoff: it would match the whole table. */
    public PruneFilter {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(updatedBefore, "updatedBefore");
        if (namespace.isEmpty() && updatedBefore.isEmpty()) {
            throw new IllegalArgumentException("A prune filter needs a namespace or a cutoff (or both)");
        }
    }

    /** Whether {@code checkpoint} is one of the rows this filter selects. */
    public boolean matches(Checkpoint checkpoint) {
        return (includeActive || !checkpoint.active())
                && namespace.map(checkpoint.namespace()::equals).orElse(true)
                && updatedBefore.map(cutoff -> writtenBefore(checkpoint, cutoff)).orElse(true);
    }

    // A row without a time (never written by us) is not old: pruning it needs a namespace filter.
    private static boolean writtenBefore(Checkpoint checkpoint, OffsetDateTime cutoff) {
        return checkpoint.updatedAt() != null && checkpoint.updatedAt().isBefore(cutoff);
    }
}
