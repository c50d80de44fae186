package org.kinesiscratedb.relay;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.kinesiscratedb.source.DecodedRecord;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.RecordDecoder;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.TableWriter;
import org.kinesiscratedb.target.TargetSettings;
import org.kinesiscratedb.target.WriteResult;
import org.kinesiscratedb.target.WriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON streams: each record decoded to an object and written as one row of the target table. */
final class JsonTableSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(JsonTableSink.class);
    private static final int MAX_POOL_SIZE = 8;

    private final TargetSettings target;
    private final String poolName;
    private final RecordDecoder decoder = new RecordDecoder();
    private DataSource dataSource;
    private volatile TableWriter writer;
    private volatile boolean closed;

    JsonTableSink(TargetSettings target, String poolName) {
        this.target = target;
        this.poolName = poolName;
    }

    @Override
    public void open() throws InterruptedException {
        dataSource = target.createDataSource(poolName, MAX_POOL_SIZE);
        Dialect dialect = detectDialect();
        writer = new TableWriter(dataSource, dialect, target.schema(), target.table().orElseThrow(),
                WriterOptions.defaults());
        writer.open();
        LOG.info("Writing to {} table {}.{} (dead letters: {})", dialect.name(), target.schema(), writer.table(),
                writer.deadLetterTable());
    }

    /** Which database this is; waits (with a warning) while it is unreachable. */
    private Dialect detectDialect() throws InterruptedException {
        long delayMillis = 100;
        boolean warned = false;
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                return Dialect.detect(connection);
            } catch (SQLException e) {
                if (!warned) {
                    LOG.warn("Cannot reach the database at {}: {}; waiting for it", target, e.getMessage());
                    warned = true;
                }
                TimeUnit.MILLISECONDS.sleep(delayMillis);
                delayMillis = Math.min(delayMillis * 2, 10_000);
            }
        }
        throw new InterruptedException("closed while waiting for the database");
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
        closed = true;
        if (writer != null) {
            writer.close();
        }
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
    }
}
