package org.kinesiscratedb.checkpoint;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kinesiscratedb.SettingsException;

/**
 * The checkpoint parameters of a Kinesis source URL ({@code checkpointer}, {@code checkpointer-name},
 * {@code checkpointer-schema}, {@code checkpointer-interval}).
 *
 * @param kind     where checkpoints are kept
 * @param name     the namespace of the checkpoint rows; empty means "the stream name (or ARN) as given"
 * @param schema   the schema of {@code kinesis_checkpoints}, default {@code ext}
 * @param interval time between flushes, default 5 s
 * @param onExpired what to do when a stored checkpoint is older than the oldest record the shard still holds
 */
public record CheckpointSettings(Kind kind, Optional<String> name, String schema, Duration interval,
                                 OnExpired onExpired) {

    /** What to do with a checkpoint that the stream no longer holds (its records expired past retention). */
    public enum OnExpired {
        /** Continue from the oldest record still in the shard, with a loud warning (the default). */
        OLDEST,
        /** Stop with an error, so that an operator decides. */
        FAIL
    }

    /** Where checkpoints are kept. */
    public enum Kind {
        /** Nowhere: a restart begins again at the start position. */
        NONE,
        /** In memory, for the life of the process. */
        MEMORY,
        /** In the {@code kinesis_checkpoints} table of the target database (CrateDB or PostgreSQL). */
        CRATEDB
    }

    public static final String DEFAULT_SCHEMA = "ext";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Pattern SCHEMA_PATTERN = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_-]*$");

    public CheckpointSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(onExpired, "onExpired");
        if (!SCHEMA_PATTERN.matcher(schema).matches()) {
            throw new SettingsException("checkpointer-schema: '" + schema + "' is not allowed; it must match "
                    + SCHEMA_PATTERN.pattern());
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new SettingsException("checkpointer-interval: must be > 0 seconds, got " + interval.toSeconds());
        }
    }

    /** Settings with the default for expired checkpoints ({@link OnExpired#OLDEST}). */
    public CheckpointSettings(Kind kind, Optional<String> name, String schema, Duration interval) {
        this(kind, name, schema, interval, OnExpired.OLDEST);
    }

    /** No persistent checkpoints, with the defaults for everything else. */
    public static CheckpointSettings none() {
        return new CheckpointSettings(Kind.NONE, Optional.empty(), DEFAULT_SCHEMA, DEFAULT_INTERVAL);
    }

    /** The namespace to use for a stream given as {@code streamNameOrArn} in the URL. */
    public String namespaceFor(String streamNameOrArn) {
        return name.orElse(streamNameOrArn);
    }
}
