package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PruneFilterTest {

    private static final OffsetDateTime T = OffsetDateTime.parse("2025-06-01T10:00:00Z");

    @Test
    void refusesToMatchTheWholeTable() {
        assertThatThrownBy(() -> new PruneFilter(Optional.empty(), Optional.empty(), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRowWithoutATimeIsNeverOlderThanTheCutoff() {
        PruneFilter filter = new PruneFilter(Optional.empty(), Optional.of(T), true);

        assertThat(filter.matches(new Checkpoint("n", "s", "1", false, null))).isFalse();
        assertThat(filter.matches(new Checkpoint("n", "s", "1", false, T.minusNanos(1000)))).isTrue();
        assertThat(filter.matches(new Checkpoint("n", "s", "1", false, T))).isFalse();
    }
}
