package org.kinesiscratedb.relay;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a running relay, for progress lines, metrics and health checks.
 *
 * @param stream              the stream's name
 * @param summary             counts so far
 * @param millisBehindByShard per shard being read, how far its last GetRecords answer was behind the tip (-1:
 *                            no answer yet)
 * @param sinceLastTick       time since the supervisor last listed or supervised the shards without an error
 * @param lastError           the supervisor's last error, or null after a good tick
 * @param checkpointAge       time since every handled record was last covered by a saved checkpoint
 */
public record RelayStatus(String stream, RelaySummary summary, Map<String, Long> millisBehindByShard,
                          Duration sinceLastTick, String lastError, Duration checkpointAge) {

    /** The largest lag over all shards, or -1 when none is known. */
    public long maxMillisBehind() {
        return millisBehindByShard.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
