package org.kinesiscratedb.checkpoint;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.kinesiscratedb.target.Dialect;

/**
 * Checkpoints in the table {@code "<schema>"."kinesis_checkpoints"} of CrateDB or PostgreSQL, shared with
 * cratedb-toolkit. The SQL is the same on both; the {@link Dialect} adds CREATE SCHEMA (PostgreSQL) and
 * REFRESH TABLE (CrateDB, whose searches see writes only after a refresh).
 *
 * <p>Autocommit, no transactions; every write is an upsert or an update by the full primary key. The store does
 * not keep checkpoints from moving back: CrateDB has no conditional upsert, so that is the caller's job.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

    /** The table name, fixed for compatibility with cratedb-toolkit. */
    public static final String TABLE = "kinesis_checkpoints";

    // Each statement takes the quoted "schema"."table" as its first %s.
    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS %s (
              "namespace" TEXT NOT NULL, "shard_id" TEXT NOT NULL, "sequence" TEXT,
              "active" BOOLEAN DEFAULT TRUE, "updated_at" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
              PRIMARY KEY ("namespace", "shard_id"))""";
    static final String TABLE_EXISTS =
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
    static final String UPSERT = "INSERT INTO %s (\"namespace\", \"shard_id\", \"sequence\", \"active\", \"updated_at\")"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (\"namespace\", \"shard_id\") DO UPDATE SET"
            + " \"sequence\" = excluded.\"sequence\", \"active\" = excluded.\"active\","
            + " \"updated_at\" = excluded.\"updated_at\"";
    // By the full primary key, which CrateDB reads in real time (no stale snapshot).
    static final String DEACTIVATE =
            "UPDATE %s SET \"active\" = FALSE, \"updated_at\" = ? WHERE \"namespace\" = ? AND \"shard_id\" = ?";
    static final String SELECT_ALL = "SELECT \"namespace\", \"shard_id\", \"sequence\", \"active\","
            + " \"updated_at\" FROM %s ORDER BY \"namespace\", \"shard_id\"";
    static final String SELECT_NAMESPACE = "SELECT \"namespace\", \"shard_id\", \"sequence\", \"active\","
            + " \"updated_at\" FROM %s WHERE \"namespace\" = ? ORDER BY \"namespace\", \"shard_id\"";
    // Prune statements: the second %s is the AND of the conditions below that the filter uses.
    static final String COUNT_MATCHING = "SELECT count(*) FROM %s WHERE %s";
    static final String DELETE_MATCHING = "DELETE FROM %s WHERE %s";
    static final String ONLY_INACTIVE = "\"active\" = FALSE";
    static final String UPDATED_BEFORE = "\"updated_at\" < ?";
    static final String IN_NAMESPACE = "\"namespace\" = ?";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String schema;
    private final String table;
    private final Clock clock;

    /**
     * A store for the table in {@code schema}.
     *
     * @throws IllegalArgumentException if {@code schema} does not match {@link CheckpointSettings#SCHEMA_PATTERN}
     */
    public JdbcCheckpointStore(DataSource dataSource, Dialect dialect, String schema) {
        this(dataSource, dialect, schema, Clock.systemUTC());
    }

    /** As {@link #JdbcCheckpointStore(DataSource, Dialect, String)}, stamping {@code updated_at} from {@code clock}. */
    public JdbcCheckpointStore(DataSource dataSource, Dialect dialect, String schema, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!CheckpointSettings.SCHEMA_PATTERN.matcher(schema).matches()) {
            throw new IllegalArgumentException("Checkpoint schema '" + schema + "' is not allowed; it must match "
                    + CheckpointSettings.SCHEMA_PATTERN.pattern());
        }
        this.table = dialect.qualified(schema, TABLE);
    }

    /**
     * A store whose dialect is detected from the database behind {@code dataSource}.
     *
     * @throws CheckpointStoreException if the database cannot be reached
     */
    public static JdbcCheckpointStore create(DataSource dataSource, String schema) {
        try (Connection connection = dataSource.getConnection()) {
            return new JdbcCheckpointStore(dataSource, Dialect.detect(connection), schema);
        } catch (SQLException e) {
            throw new CheckpointStoreException("Cannot connect to the checkpoint database: " + e.getMessage(), e);
        }
    }

    /** {@code "schema"."kinesis_checkpoints"}, quoted. */
    public String qualifiedTable() {
        return table;
    }

    @Override
    public void open() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try {
                if (dialect.createSchemaSql(schema).isPresent()) {
                    statement.execute(dialect.createSchemaSql(schema).get());
                }
                statement.execute(String.format(CREATE_TABLE, table));
            } catch (SQLException e) {
                // Another relay may have created it at the same moment (PostgreSQL then reports a duplicate).
                if (!tableExists(connection)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw failure("create the checkpoint table " + table, e);
        }
    }

    @Override
    public Map<String, Checkpoint> load(String namespace) {
        Map<String, Checkpoint> byShard = new LinkedHashMap<>();
        try (Connection connection = connect()) {
            refresh(connection);
            for (Checkpoint row : select(connection, Optional.of(namespace))) {
                byShard.put(row.shardId(), row);
            }
            return byShard;
        } catch (SQLException e) {
            throw failure("load the checkpoints of '" + namespace + "' from " + table, e);
        }
    }

    @Override
    public void save(String namespace, Map<String, String> sequenceByShard) {
        sequenceByShard.values().forEach(SequenceNumbers::requireValid);
        if (sequenceByShard.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        List<String> shards = new ArrayList<>(sequenceByShard.keySet());
        try (Connection connection = connect();
             PreparedStatement upsert = connection.prepareStatement(String.format(UPSERT, table))) {
            for (String shardId : shards) {
                upsert.setString(1, namespace);
                upsert.setString(2, shardId);
                upsert.setString(3, sequenceByShard.get(shardId));
                upsert.setBoolean(4, true);
                upsert.setObject(5, now);
                upsert.addBatch();
            }
            requireAllWritten(upsert.executeBatch(), shards, namespace);
            refresh(connection);
        } catch (SQLException e) {
            throw failure("save the checkpoints of '" + namespace + "' to " + table, e);
        }
    }

    @Override
    public void deactivate(String namespace, Collection<String> shardIds) {
        if (shardIds.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        try (Connection connection = connect();
             PreparedStatement update = connection.prepareStatement(String.format(DEACTIVATE, table))) {
            for (String shardId : shardIds) {
                update.setObject(1, now);
                update.setString(2, namespace);
                update.setString(3, shardId);
                update.addBatch();
            }
            update.executeBatch();
            refresh(connection);
        } catch (SQLException e) {
            throw failure("deactivate the checkpoints of '" + namespace + "' in " + table, e);
        }
    }

    @Override
    public List<Checkpoint> list(Optional<String> namespace) {
        try (Connection connection = connect()) {
            requireTable(connection);
            refresh(connection);
            return select(connection, namespace);
        } catch (SQLException e) {
            throw failure("list the checkpoints in " + table, e);
        }
    }

    @Override
    public long count(PruneFilter filter) {
        try (Connection connection = connect()) {
            requireTable(connection);
            refresh(connection);
            try (PreparedStatement count = prepareFiltered(connection, COUNT_MATCHING, filter);
                 ResultSet rs = count.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("count the checkpoints to prune in " + table, e);
        }
    }

    @Override
    public long delete(PruneFilter filter) {
        try (Connection connection = connect()) {
            requireTable(connection);
            // CrateDB's DELETE on non-key columns only sees refreshed rows.
            refresh(connection);
            long deleted;
            try (PreparedStatement delete = prepareFiltered(connection, DELETE_MATCHING, filter)) {
                deleted = delete.executeLargeUpdate();
            }
            refresh(connection);
            return deleted;
        } catch (SQLException e) {
            throw failure("prune the checkpoints in " + table, e);
        }
    }

    /** Whether the checkpoint table exists (information_schema answers on both databases). */
    public boolean tableExists() {
        try (Connection connection = connect()) {
            return tableExists(connection);
        } catch (SQLException e) {
            throw failure("look for the checkpoint table " + table, e);
        }
    }

    private Connection connect() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private boolean tableExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(TABLE_EXISTS)) {
            exists.setString(1, schema);
            exists.setString(2, TABLE);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private void requireTable(Connection connection) throws SQLException {
        if (!tableExists(connection)) {
            throw new CheckpointTableMissingException(schema, table);
        }
    }

    private void refresh(Connection connection) throws SQLException {
        Optional<String> refresh = dialect.refreshTableSql(schema, TABLE);
        if (refresh.isPresent()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(refresh.get());
            }
        }
    }

    private List<Checkpoint> select(Connection connection, Optional<String> namespace) throws SQLException {
        String sql = String.format(namespace.isPresent() ? SELECT_NAMESPACE : SELECT_ALL, table);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (namespace.isPresent()) {
                select.setString(1, namespace.get());
            }
            List<Checkpoint> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(toCheckpoint(rs));
                }
            }
            return rows;
        }
    }

    private static Checkpoint toCheckpoint(ResultSet rs) throws SQLException {
        OffsetDateTime updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
        return new Checkpoint(rs.getString("namespace"), rs.getString("shard_id"), rs.getString("sequence"),
                rs.getBoolean("active"), updatedAt == null ? null : updatedAt.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private PreparedStatement prepareFiltered(Connection connection, String template, PruneFilter filter)
            throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (!filter.includeActive()) {
            conditions.add(ONLY_INACTIVE);
        }
        filter.updatedBefore().ifPresent(cutoff -> {
            conditions.add(UPDATED_BEFORE);
            values.add(cutoff.withOffsetSameInstant(ZoneOffset.UTC));
        });
        filter.namespace().ifPresent(namespace -> {
            conditions.add(IN_NAMESPACE);
            values.add(namespace);
        });
        PreparedStatement statement =
                connection.prepareStatement(String.format(template, table, String.join(" AND ", conditions)));
        try {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    // Plain batches report 1 per written row; anything else (CrateDB drops rows silently) is not written.
    private static void requireAllWritten(int[] counts, List<String> shards, String namespace) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            if (i >= counts.length || counts[i] != 1) {
                missing.add(shards.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointStoreException("Checkpoints of '" + namespace + "' not written for shards " + missing
                    + "; they are saved again at the next flush");
        }
    }

    // Microseconds, as PostgreSQL keeps them (CrateDB keeps milliseconds); UTC because CrateDB rejects Instant.
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private CheckpointStoreException failure(String action, SQLException e) {
        SQLException cause = e instanceof BatchUpdateException batch && batch.getNextException() != null
                ? batch.getNextException() : e;
        return new CheckpointStoreException("Could not " + action + ": " + cause.getMessage(), e);
    }

    @Override
    public String toString() {
        return "JdbcCheckpointStore[" + dialect.name() + " " + table + "]";
    }
}
