package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.relay.RecordSink;
import org.kinesiscratedb.source.KinesisRecord;

/** A captured file replays as records of shard "file", numbered by line, in batches. */
class NdjsonReplayTest {

    /** Remembers what it was given. */
    private static final class Recording implements RecordSink {
        final List<List<KinesisRecord>> batches = new ArrayList<>();

        @Override
        public void open() {
        }

        @Override
        public SinkResult write(List<KinesisRecord> batch) {
            batches.add(List.copyOf(batch));
            return new SinkResult(batch.size() - 1, 1);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void feedsEveryNonBlankLineInBatchesNumberedByLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, "{\"a\": 1}\n\n{\"a\": 2}\n   \n{\"a\": 3}\n{\"a\": 4}\n");
        Recording sink = new Recording();

        NdjsonReplay.Result result = new NdjsonReplay(file, 3).replay(sink);

        assertThat(result).isEqualTo(new NdjsonReplay.Result(6, 4, 2, 2));
        assertThat(sink.batches).hasSize(2);
        assertThat(sink.batches.get(0)).extracting(KinesisRecord::sequenceNumber).containsExactly("1", "3", "5");
        assertThat(sink.batches.get(1)).extracting(KinesisRecord::sequenceNumber).containsExactly("6");
        KinesisRecord first = sink.batches.get(0).get(0);
        assertThat(first.shardId()).isEqualTo(NdjsonReplay.SHARD);
        assertThat(new String(first.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
    }

    @Test
    void findsTheFileOfAFileUrlAndNothingForAStreamUrl(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("captured events.ndjson"), "{}\n");

        assertThat(NdjsonReplay.fileOf("kinesis+dms://" + file.toString().replace(" ", "%20")))
                .hasValue(file);
        assertThat(NdjsonReplay.fileOf("kinesis+dms://" + file + "?batch-size=10")).hasValue(file);
        assertThat(NdjsonReplay.fileOf("kinesis+dms://localhost:4566/demo?region=us-east-1")).isEmpty();
        assertThat(NdjsonReplay.fileOf("kinesis+dms://" + dir.resolve("missing.ndjson"))).isEmpty();
        assertThat(NdjsonReplay.fileOf("kinesis+dms://" + dir)).as("a directory is no file").isEmpty();
    }

    @Test
    void refusesABatchSizeBelowOne(@TempDir Path dir) {
        assertThatThrownBy(() -> new NdjsonReplay(dir.resolve("x"), 0)).isInstanceOf(SettingsException.class);
    }
}
