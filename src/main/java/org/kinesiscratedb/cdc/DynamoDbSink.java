package org.kinesiscratedb.cdc;

import java.util.List;
import javax.sql.DataSource;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.relay.RecordSink;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.WriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of a {@code kinesis+dynamodb+cdc://} relay: each record is a DynamoDB Streams record, applied to one
 * table in the pk/data/aux layout by a {@link DynamoDbTranslator}. Records that cannot be applied go to
 * {@code "<schema>"."kinesis_cdc_errors"} with the reason. Safe for concurrent writes from several shards.
 */
public final class DynamoDbSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSink.class);

    private final DynamoDbTranslator translator;
    private final CdcWriter writer;
    private final String description;

    /**
     * A sink for the table of the target URL ({@code crate://host/<schema>/<table>}).
     *
     * @throws SettingsException if the target URL names no table
     */
    public DynamoDbSink(TargetDatabase database) {
        this(database, database.settings().table().orElseThrow(() -> new SettingsException(
                "Target URL needs a table for DynamoDB CDC: crate://host/<schema>/<table>")));
    }

    /** A sink for {@code table} in the target's schema, with the default backoff. */
    public DynamoDbSink(TargetDatabase database, String table) {
        this(database.dataSource(), database.dialect(), database.settings().schema(), table,
                WriterOptions.defaults());
    }

    /** A sink for {@code "schema"."table"}. */
    public DynamoDbSink(DataSource dataSource, Dialect dialect, String schema, String table, WriterOptions options) {
        TableAddress address = new TableAddress(schema, table);
        this.translator = new DynamoDbTranslator(address, dialect, new JdbcTableLookup(dataSource, dialect));
        this.writer = new CdcWriter(dataSource, dialect, schema, translator, options);
        this.description = dialect.name() + " table " + address.qualified(dialect);
    }

    /** The translator, e.g. for a Camel processor that only wants the SQL. */
    public DynamoDbTranslator translator() {
        return translator;
    }

    @Override
    public void open() throws InterruptedException {
        writer.open();
        LOG.info("Applying DynamoDB change events to {} (dead letters: {})", description,
                CdcWriter.DEAD_LETTER_TABLE);
    }

    @Override
    public SinkResult write(List<KinesisRecord> batch) throws InterruptedException {
        return writer.write(batch);
    }

    @Override
    public void close() {
        writer.close();
    }
}
