package org.kinesiscratedb.checkpoint;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.target.TargetSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stale checkpoint rows: the bean behind {@code routes/prune-checkpoints.camel.yaml}, doing what
 * {@code kinesis prune-checkpoints --older-than D [--namespace N] [--include-active] --yes} does, on a timer.
 *
 * <p>Like the KCL's lease cleanup, it only removes rows of shards nobody owns ({@code active = FALSE}) unless told
 * otherwise, and only those not updated for {@code olderThan}.
 */
public class CheckpointPruner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPruner.class);

    private String database;
    private String schema = CheckpointSettings.DEFAULT_SCHEMA;
    private Duration olderThan;
    private String olderThanText;
    private String namespace;
    private boolean includeActive;
    private DataSource dataSource;

    /** The database: a crate:// or postgresql:// URL (a target URL with schema and table is fine too). */
    public void setDatabase(String database) {
        TargetSettings.parse(database, false); // fail at start-up on a bad URL
        this.database = database;
    }

    /** The schema of {@code kinesis_checkpoints} (default {@code ext}). */
    public void setSchema(String schema) {
        if (!CheckpointSettings.SCHEMA_PATTERN.matcher(schema).matches()) {
            throw new SettingsException("schema: '" + schema + "' is not allowed; it must match "
                    + CheckpointSettings.SCHEMA_PATTERN.pattern());
        }
        this.schema = schema;
    }

    /** Rows not updated for this long are deleted: a duration like {@code 7d}, {@code 24h}, {@code 1w2d}. */
    public void setOlderThan(String olderThan) {
        try {
            this.olderThan = Durations.parse(olderThan);
            this.olderThanText = olderThan;
        } catch (IllegalArgumentException e) {
            throw new SettingsException("olderThan: " + e.getMessage(), e);
        }
    }

    /** Only rows of this namespace (default: every namespace). */
    public void setNamespace(String namespace) {
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    /** Also delete rows still marked active (default false: those belong to a running relay). */
    public void setIncludeActive(boolean includeActive) {
        this.includeActive = includeActive;
    }

    /**
     * Deletes the matching rows and logs how many. A missing table is not an error (nothing was checkpointed yet);
     * a database error is logged and the next run tries again.
     *
     * @return the number of rows deleted
     */
    public synchronized long prune() {
        if (database == null || olderThan == null) {
            throw new SettingsException("checkpointPruner needs 'database' and 'olderThan'");
        }
        if (dataSource == null) {
            dataSource = TargetSettings.parse(database, false).createDataSource("checkpoint-pruner", 1);
        }
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(olderThan);
        PruneFilter filter = new PruneFilter(Optional.ofNullable(namespace), Optional.of(cutoff), includeActive);
        try {
            JdbcCheckpointStore store = JdbcCheckpointStore.create(dataSource, schema);
            if (!store.tableExists()) {
                LOG.debug("No checkpoint table {} yet: nothing to prune", store.qualifiedTable());
                return 0;
            }
            long deleted = store.delete(filter);
            LOG.info("Pruned {} checkpoint row(s) of {} not updated for {} (before {}){}{}", deleted,
                    store.qualifiedTable(), olderThanText, cutoff, namespace == null ? "" : ", namespace " + namespace,
                    includeActive ? ", active ones included" : "");
            return deleted;
        } catch (CheckpointStoreException e) {
            LOG.warn("Pruning checkpoints failed: {}; the next run tries again", e.getMessage());
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
        dataSource = null;
    }

    @Override
    public String toString() {
        return "CheckpointPruner[schema=" + schema + ", olderThan=" + olderThanText + ", namespace=" + namespace
                + ", includeActive=" + includeActive + "]";
    }
}
