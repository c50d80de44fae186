package org.kinesiscratedb.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kinesiscratedb.source.DecodedRecord;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.RecordDecoder;
import org.kinesiscratedb.target.TableWriter;
import org.kinesiscratedb.transform.CollectionTransformation;
import org.kinesiscratedb.transform.TransformResult;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.WriteResult;
import org.kinesiscratedb.target.WriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON streams: each record decoded to an object, reshaped by the transformation if there is one, and written as
 * one row of the target table.
 */
final class JsonTableSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(JsonTableSink.class);

    private final RecordDecoder decoder = new RecordDecoder();
    private final TableWriter writer;
    private final TargetDatabase database;
    private final CollectionTransformation transformation;

    JsonTableSink(TargetDatabase database, String table, Optional<CollectionTransformation> transformation) {
        this.database = database;
        this.transformation = transformation.orElse(null);
        WriterOptions options = transformation.map(t -> WriterOptions.defaults().withColumnTypes(t.columnTypes()))
                .orElse(WriterOptions.defaults());
        this.writer = new TableWriter(database.dataSource(), database.dialect(), database.settings().schema(), table,
                options);
    }

    @Override
    public void open() throws InterruptedException {
        writer.open();
        LOG.info("Writing to {} table {}.{} (dead letters: {}){}", database.dialect().name(),
                database.settings().schema(), writer.table(), writer.deadLetterTable(),
                transformation == null ? "" : ", transformed by " + transformation);
    }

    @Override
    public SinkResult write(List<KinesisRecord> batch) throws InterruptedException {
        List<DecodedRecord> decoded = new ArrayList<>(batch.size());
        for (KinesisRecord record : batch) {
            decoded.add(decoder.decode(record));
        }
        int filtered = 0;
        if (transformation != null) {
            TransformResult transformed = transformation.apply(decoded);
            decoded = transformed.records();
            filtered = transformed.filtered();
        }
        WriteResult result = writer.writeDecoded(decoded);
        return new SinkResult(result.rowsWritten(), result.deadLettered(), filtered);
    }

    @Override
    public void close() {
        writer.close();
    }
}
