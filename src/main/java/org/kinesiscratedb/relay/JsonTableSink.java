package org.kinesiscratedb.relay;

import java.util.ArrayList;
import java.util.List;
import org.kinesiscratedb.source.DecodedRecord;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.RecordDecoder;
import org.kinesiscratedb.target.TableWriter;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.WriteResult;
import org.kinesiscratedb.target.WriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON streams: each record decoded to an object and written as one row of the target table. */
final class JsonTableSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(JsonTableSink.class);

    private final RecordDecoder decoder = new RecordDecoder();
    private final TableWriter writer;
    private final TargetDatabase database;

    JsonTableSink(TargetDatabase database, String table) {
        this.database = database;
        this.writer = new TableWriter(database.dataSource(), database.dialect(), database.settings().schema(), table,
                WriterOptions.defaults());
    }

    @Override
    public void open() throws InterruptedException {
        writer.open();
        LOG.info("Writing to {} table {}.{} (dead letters: {})", database.dialect().name(),
                database.settings().schema(), writer.table(), writer.deadLetterTable());
    }

    @Override
    public SinkResult write(List<KinesisRecord> batch) throws InterruptedException {
        List<DecodedRecord> decoded = new ArrayList<>(batch.size());
        for (KinesisRecord record : batch) {
            decoded.add(decoder.decode(record));
        }
        WriteResult result = writer.writeDecoded(decoded);
        return new SinkResult(result.rowsWritten(), result.deadLettered());
    }

    @Override
    public void close() {
        writer.close();
    }
}
