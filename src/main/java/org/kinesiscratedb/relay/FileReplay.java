package org.kinesiscratedb.relay;

import java.nio.file.Path;
import java.time.Duration;
import org.kinesiscratedb.cdc.DmsRecipe;
import org.kinesiscratedb.cdc.DmsSink;
import org.kinesiscratedb.cdc.NdjsonReplay;
import org.kinesiscratedb.source.KinesisSourceSettings;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.TargetSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code load kinesis+dms:///path/events.ndjson TARGET}: replays a captured file of DMS events (one JSON event per
 * line) through the same DMS sink a stream goes through. No Kinesis, no checkpoints.
 */
public final class FileReplay {

    private static final Logger LOG = LoggerFactory.getLogger(FileReplay.class);

    private FileReplay() {
    }

    public static RelaySummary replay(KinesisSourceSettings settings, String target, Path recipe) throws Exception {
        Path file = settings.replayFile().orElseThrow();
        TargetSettings targetSettings = TargetSettings.parse(target, false);
        DmsRecipe dmsRecipe = recipe == null ? DmsRecipe.empty() : DmsRecipe.load(recipe);
        long start = System.nanoTime();
        LOG.info("Replaying {} into {}", file, targetSettings);
        try (TargetDatabase database = TargetDatabase.connect(targetSettings, "replay", 2);
             DmsSink sink = new DmsSink(database, dmsRecipe)) {
            sink.open();
            NdjsonReplay.Result result = new NdjsonReplay(file, settings.batchSize()).replay(sink);
            return new RelaySummary(result.events(), result.applied(), result.deadLettered(), 0,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
