package org.kinesiscratedb.cdc;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.kinesiscratedb.relay.RecordSink;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.WriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of a {@code kinesis+dms://} relay: each record is an AWS DMS event, applied to the tables of the
 * target schema by a {@link DmsTranslator} as the recipe says. Events that cannot be applied go to
 * {@code "<schema>"."kinesis_cdc_errors"} with the reason. Safe for concurrent writes from several shards.
 */
public final class DmsSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(DmsSink.class);

    private final DmsTranslator translator;
    private final CdcWriter writer;
    private final String description;

    /** A sink writing to the target's schema with the default backoff (100 ms doubling up to 10 s). */
    public DmsSink(TargetDatabase database, DmsRecipe recipe) {
        this(database.dataSource(), database.dialect(), database.settings().schema(), recipe,
                WriterOptions.defaults());
    }

    /**
     * @param schema  the target schema: every event's schema is replaced by it (DMS's own tables go to {@code dms})
     * @param recipe  the transformation file, or {@link DmsRecipe#empty()}
     * @param options how long to wait between attempts while the database cannot take a write
     */
    public DmsSink(DataSource dataSource, Dialect dialect, String schema, DmsRecipe recipe, WriterOptions options) {
        Objects.requireNonNull(recipe, "recipe");
        this.translator = new DmsTranslator(recipe, schema, dialect, new JdbcTableLookup(dataSource, dialect));
        this.writer = new CdcWriter(dataSource, dialect, schema, translator, options);
        this.description = dialect.name() + " schema " + dialect.quote(schema) + " with " + recipe;
        for (DmsCollection collection : recipe.collections()) {
            String container = collection.address().schema();
            if (!container.equals(schema) && !container.equals(DmsEvent.DMS_SCHEMA)) {
                // The target URL's schema replaces every event's: such a collection can never apply.
                LOG.warn("Recipe collection {} never matches: every DMS table goes to schema {} (or dms for "
                        + "awsdms_* tables); write container: {}", collection.address(), schema, schema);
            }
        }
    }

    /** The translator, e.g. for a Camel processor that only wants the SQL. */
    public DmsTranslator translator() {
        return translator;
    }

    @Override
    public void open() throws InterruptedException {
        writer.open();
        LOG.info("Applying DMS events to {} (dead letters: {})", description, CdcWriter.DEAD_LETTER_TABLE);
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
