package org.kinesiscratedb.cdc;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.relay.RecordSink;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * Replays a captured file instead of reading a stream ({@code kinesis+dms:///path/events.ndjson}): one JSON event
 * per line, blank lines skipped, fed to a sink in batches, in file order. Each line becomes a record of shard
 * {@value #SHARD} whose sequence number is the line number; there are no checkpoints (a second run replays the
 * whole file, which the idempotent statements absorb).
 */
public final class NdjsonReplay {

    /** The shard id of replayed records. */
    public static final String SHARD = "file";

    private final Path file;
    private final int batchSize;

    /**
     * @param batchSize records per {@link RecordSink#write} call, at least 1
     */
    public NdjsonReplay(Path file, int batchSize) {
        this.file = Objects.requireNonNull(file, "file");
        if (batchSize < 1) {
            throw new SettingsException("batch-size: " + batchSize + " is not allowed; give at least 1");
        }
        this.batchSize = batchSize;
    }

    /**
     * The file a source URL names when it is {@code <scheme>:///absolute/path} and that path is an existing
     * regular file; empty for a stream URL.
     */
    public static Optional<Path> fileOf(String sourceUrl) {
        if (sourceUrl == null || !sourceUrl.toLowerCase(Locale.ROOT).startsWith("kinesis+")) {
            return Optional.empty();
        }
        int separator = sourceUrl.indexOf(":///");
        if (separator < 0) {
            return Optional.empty();
        }
        String rest = sourceUrl.substring(separator + 3);
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        for (String candidate : new String[] {path, percentDecoded(path)}) {
            try {
                Path file = Path.of(candidate);
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            } catch (InvalidPathException notAPath) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    /** {@code %20} to a space; a literal '+' stays (it is no space in a path). */
    private static String percentDecoded(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return path;
        }
    }

    /** The replayed file. */
    public Path file() {
        return file;
    }

    /**
     * Feeds every event of the file to {@code sink} (which the caller opens and closes).
     *
     * @throws IOException          if the file cannot be read
     * @throws InterruptedException if the sink was interrupted while waiting for the database
     */
    public Result replay(RecordSink sink) throws IOException, InterruptedException {
        long lines = 0;
        long events = 0;
        long written = 0;
        long deadLettered = 0;
        String streamName = file.getFileName().toString();
        List<KinesisRecord> batch = new ArrayList<>(batchSize);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                events++;
                batch.add(new KinesisRecord(streamName, SHARD, Long.toString(lines), SHARD, null,
                        line.getBytes(StandardCharsets.UTF_8)));
                if (batch.size() == batchSize) {
                    RecordSink.SinkResult result = sink.write(batch);
                    written += result.rowsWritten();
                    deadLettered += result.deadLettered();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            RecordSink.SinkResult result = sink.write(batch);
            written += result.rowsWritten();
            deadLettered += result.deadLettered();
        }
        return new Result(lines, events, written, deadLettered);
    }

    /**
     * What a replay did.
     *
     * @param lines        lines read, blank ones included
     * @param events       events fed to the sink
     * @param applied      events applied
     * @param deadLettered events stored in the dead-letter table
     */
    public record Result(long lines, long events, long applied, long deadLettered) {
    }
}
