package org.kinesiscratedb.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.kinesiscratedb.source.DecodedRecord;
import org.kinesiscratedb.target.RowPlanner.BatchPlan;
import org.kinesiscratedb.target.RowPlanner.NewColumn;
import org.kinesiscratedb.target.RowPlanner.PlannedRow;
import org.kinesiscratedb.target.RowPlanner.RowRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes JSON records into one table ({@code "schema"."table"}) and the records it cannot load into its dead-letter
 * table ({@code "schema"."table_errors"}).
 *
 * <p>Every top-level key of a payload is a column; new keys become columns (one ALTER TABLE each) before the batch
 * that needs them, typed as {@link WriterOptions#columnTypes} hints or else inferred from the first value, and every
 * value is checked against its column's type first, so the database never guesses a type nor silently converts a
 * value. A row is an upsert keyed by {@code kinesis_msg_id}: replays do not duplicate.
 *
 * <p>Safe for concurrent {@link #write} calls (one per shard): only schema changes are serialized. While the
 * database is unreachable, or refuses every row (permissions, dropped table, ...), calls wait and retry with
 * exponential backoff, forever; {@link #close()} ends the wait.
 */
public final class TableWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

    // ALTER TABLE rounds before giving the batch back to the retry loop (concurrent writers can interleave).
    private static final int SCHEMA_ROUNDS = 3;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String schema;
    private final String table;
    private final String target;
    private final RowPlanner planner;
    private final ValueBinder binder;
    private final DeadLetterTable deadLetters;
    private final RetryLoop retry;
    private final ReentrantLock schemaLock = new ReentrantLock();

    private volatile TableSchema tableSchema = TableSchema.NONE;
    private volatile boolean opened;
    private volatile boolean schemaStale;
    private volatile boolean setupNeeded = true;

    /**
     * A writer for {@code "schema"."table"}; call {@link #open()} before the first write (or let it run then).
     *
     * @param dataSource connections to the target (a pool); autocommit is switched on for every connection
     * @param dialect    the target database's SQL ({@link Dialect#detect})
     */
    public TableWriter(DataSource dataSource, Dialect dialect, String schema, String table, WriterOptions options) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.table = Objects.requireNonNull(table, "table");
        this.target = dialect.qualified(schema, table);
        this.planner = new RowPlanner(dialect, Objects.requireNonNull(options, "options").columnTypes());
        this.binder = new ValueBinder(dialect);
        this.deadLetters = new DeadLetterTable(dialect, schema, RowLayout.deadLetterTable(table));
        this.retry = new RetryLoop(target, Objects.requireNonNull(options, "options"), LOG);
    }

    /**
     * Creates the table and its dead-letter table if missing and reads the table's columns. Waits and retries while
     * the database is unreachable.
     *
     * @throws IllegalStateException if the table exists without {@code kinesis_msg_id} as its primary key or without
     *                               a {@code kinesis} column: it was not made for this relay
     * @throws WriterClosedException if the writer is closed meanwhile
     */
    public void open() throws InterruptedException {
        retry.run("open", () -> {
            setup();
            return null;
        }, this::onFailure);
        opened = true;
    }

    /**
     * Writes rows and dead letters. Returns only when every record is durably handled: written as a row, or stored
     * in the dead-letter table with its reason. Rows that do not fit their columns, and rows the database refuses,
     * become dead letters; outages and errors that concern the whole table are retried, never skipped.
     *
     * @param rows     decoded records to write as rows
     * @param rejected records that are dead letters already (e.g. not JSON)
     * @throws WriterClosedException if the writer is closed before every record is handled; read them again
     */
    public WriteResult write(List<Row> rows, List<Rejected> rejected) throws InterruptedException {
        if (!opened) {
            open();
        }
        WriteState state = new WriteState(rows, rejected);
        if (!state.pendingRows.isEmpty()) {
            retry.run("write", () -> {
                writeRows(state);
                return null;
            }, this::onFailure);
        }
        if (!state.pendingLetters.isEmpty()) {
            retry.run("dead-letter write", () -> {
                writeDeadLetters(state);
                return null;
            }, this::onFailure);
        }
        if (state.deadLettered > 0) {
            LOG.warn("{} record(s) went to {} (first reason: {})", state.deadLettered,
                    dialect.qualified(schema, deadLetters.table()), abbreviate(state.firstReason));
        }
        return new WriteResult(state.rowsWritten, state.deadLettered);
    }

    /** {@link #write(List, List)} for the output of {@link org.kinesiscratedb.source.RecordDecoder}. */
    public WriteResult writeDecoded(List<DecodedRecord> records) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (DecodedRecord record : records) {
            if (record.isAccepted()) {
                rows.add(new Row(record.source(), record.payload()));
            } else {
                rejected.add(new Rejected(record.source(), record.rejection()));
            }
        }
        return write(rows, rejected);
    }

    /** Makes waiting and later calls fail promptly with {@link WriterClosedException}. The DataSource stays open. */
    @Override
    public void close() {
        retry.close();
    }

    /** The table written to, unquoted. */
    public String table() {
        return table;
    }

    /** The dead-letter table's name, unquoted. */
    public String deadLetterTable() {
        return deadLetters.table();
    }

    // ---- setup and schema ----

    private void setup() throws SQLException {
        schemaLock.lock();
        try (Connection connection = connection()) {
            TableSchema main = TableSchema.read(connection, dialect, schema, table);
            if (main.exists()) {
                checkLayout(connection, main); // before creating anything next to a table that is not ours
            }
            boolean errorsExist = TableSchema.read(connection, dialect, schema, deadLetters.table()).exists();
            if (!main.exists() || !errorsExist) {
                createTables(connection, !main.exists(), !errorsExist);
                main = TableSchema.read(connection, dialect, schema, table);
            }
            checkLayout(connection, main);
            tableSchema = main;
            schemaStale = false;
            setupNeeded = false;
        } finally {
            schemaLock.unlock();
        }
    }

    private void createTables(Connection connection, boolean main, boolean errors) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            Optional<String> createSchema = dialect.createSchemaSql(schema);
            if (createSchema.isPresent()) {
                try {
                    statement.execute(createSchema.get());
                } catch (SQLException e) {
                    // Without CREATE on the database an existing schema still works; a missing one fails below.
                    LOG.debug("{} failed: {}", createSchema.get(), SqlErrors.describe(e));
                }
            }
            if (main) {
                statement.execute(dialect.createTableSql(schema, table));
                LOG.info("Created table {}", target);
            }
            if (errors) {
                statement.execute(dialect.createDeadLetterTableSql(schema, deadLetters.table()));
                LOG.info("Created dead-letter table {}", dialect.qualified(schema, deadLetters.table()));
            }
        }
    }

    private void checkLayout(Connection connection, TableSchema main) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(dialect.primaryKeySql())) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        if (!key.equals(List.of(RowLayout.MESSAGE_ID)) || !main.contains(ColumnPath.of(RowLayout.KINESIS))) {
            throw new IllegalStateException("Table " + target + " exists but was not made for this relay: it needs "
                    + "\"" + RowLayout.MESSAGE_ID + "\" TEXT as its only primary key column (has " + key + ") and a \""
                    + RowLayout.KINESIS + "\" column. Choose another table name, or migrate the table.");
        }
    }

    private void setupIfNeeded() throws SQLException {
        if (setupNeeded) {
            setup();
        }
    }

    private void refreshIfStale() throws SQLException {
        if (!schemaStale) {
            return;
        }
        schemaLock.lock();
        try (Connection connection = connection()) {
            if (schemaStale) {
                tableSchema = TableSchema.read(connection, dialect, schema, table);
                schemaStale = false;
            }
        } finally {
            schemaLock.unlock();
        }
    }

    private void onFailure(SQLException error) {
        schemaStale = true;
        if (SqlErrors.isTableMissing(error)) {
            setupNeeded = true;
        }
    }

    /** Plans the batch and adds the columns it needs, under the schema lock so concurrent writers agree on types. */
    private BatchPlan prepare(List<Row> rows) throws SQLException {
        refreshIfStale();
        BatchPlan plan = planner.plan(rows, tableSchema, Map.of());
        if (plan.ddl().isEmpty()) {
            return plan;
        }
        schemaLock.lock();
        try {
            Map<ColumnPath, String> refused = new HashMap<>();
            for (int round = 0; round < SCHEMA_ROUNDS; round++) {
                plan = planner.plan(rows, tableSchema, refused);
                if (plan.ddl().isEmpty()) {
                    return plan;
                }
                try (Connection connection = connection()) {
                    for (NewColumn column : plan.ddl()) {
                        addColumn(connection, column, refused);
                    }
                    tableSchema = TableSchema.read(connection, dialect, schema, table);
                }
                refused.keySet().removeIf(tableSchema::contains);
            }
            throw new SQLException("columns " + plan.ddl().stream().map(c -> c.path().toString()).toList()
                    + " of " + target + " are still missing after ALTER TABLE", "55000");
        } finally {
            schemaLock.unlock();
        }
    }

    private void addColumn(Connection connection, NewColumn column, Map<ColumnPath, String> refused)
            throws SQLException {
        for (ColumnPath p = column.path(); !p.isTopLevel(); ) {
            p = p.parent();
            if (refused.containsKey(p)) {
                refused.put(column.path(), refused.get(p));
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.addColumnSql(schema, table, column.path(), column.type()));
            LOG.info("Added column {} {} to {}", column.path(), dialect.typeSql(column.type()), target);
        } catch (SQLException e) {
            if (dialect.isColumnExistsError(e)) {
                return;
            }
            if (!SqlErrors.isDataError(e, dialect)) {
                throw e;
            }
            LOG.warn("Could not add column {} to {}: {}", column.path(), target, SqlErrors.describe(e));
            refused.put(column.path(), SqlErrors.serverMessage(e));
        }
    }

    // ---- writing ----

    private void writeRows(WriteState state) throws SQLException {
        setupIfNeeded();
        BatchPlan plan = prepare(state.pendingRows);
        try {
            for (RowRejection rejection : plan.rejected()) {
                state.rowFailed(rejection.row(), rejection.reason());
            }
            if (plan.rows().isEmpty()) {
                return;
            }
            try (Connection connection = connection()) {
                for (List<PlannedRow> chunk : chunks(plan, plan.rows(), state)) {
                    Map<String, ColumnType> columns = statementColumns(plan, chunk);
                    BatchExecutor.execute(connection, dialect, dialect.upsertSql(schema, table, columns), chunk,
                            (statement, row) -> bind(statement, columns, plan, row), new BatchExecutor.Outcome<>() {
                                @Override
                                public void written(PlannedRow row) {
                                    state.rowWritten(row.row());
                                }

                                @Override
                                public void failed(PlannedRow row, String reason) {
                                    state.rowFailed(row.row(), reason);
                                }
                            });
                }
            }
            if (plan.typesUntypedColumns()) {
                schemaStale = true;
            }
        } finally {
            state.forgetHandledRows();
        }
    }

    /** Splits rows until each statement fits the database's statement length; a single row that cannot fails. */
    private List<List<PlannedRow>> chunks(BatchPlan plan, List<PlannedRow> rows, WriteState state) {
        String sql = dialect.upsertSql(schema, table, statementColumns(plan, rows));
        if (sql.length() <= dialect.maxStatementLength()) {
            return List.of(rows);
        }
        if (rows.size() == 1) {
            state.rowFailed(rows.get(0).row(), "the record needs a statement of " + sql.length()
                    + " characters (too many or too long keys); the database accepts at most "
                    + dialect.maxStatementLength());
            return List.of();
        }
        List<List<PlannedRow>> chunks = new ArrayList<>(chunks(plan, rows.subList(0, rows.size() / 2), state));
        chunks.addAll(chunks(plan, rows.subList(rows.size() / 2, rows.size()), state));
        return chunks;
    }

    /** The id, {@code kinesis}, and the payload columns that these rows use (a missing key binds NULL). */
    private static Map<String, ColumnType> statementColumns(BatchPlan plan, List<PlannedRow> rows) {
        if (rows == plan.rows()) {
            return plan.statementColumns();
        }
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        columns.put(RowLayout.MESSAGE_ID, ColumnType.TEXT);
        columns.put(RowLayout.KINESIS, plan.kinesisType());
        for (Map.Entry<String, ColumnType> column : plan.columns().entrySet()) {
            if (rows.stream().anyMatch(row -> row.values().containsKey(column.getKey()))) {
                columns.put(column.getKey(), column.getValue());
            }
        }
        return columns;
    }

    private void bind(PreparedStatement statement, Map<String, ColumnType> columns, BatchPlan plan, PlannedRow row)
            throws SQLException {
        int index = 1;
        for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
            String name = column.getKey();
            if (index == 1) {
                statement.setString(index, row.messageId());
            } else if (index == 2) {
                binder.bind(statement, index, plan.kinesisType(), row.kinesis());
            } else {
                binder.bind(statement, index, column.getValue(), row.values().get(name));
            }
            index++;
        }
    }

    private void writeDeadLetters(WriteState state) throws SQLException {
        setupIfNeeded();
        try (Connection connection = connection()) {
            deadLetters.write(connection, List.copyOf(state.pendingLetters), state::letterStored);
        } finally {
            state.forgetStoredLetters();
        }
    }

    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /**
     * One write call's progress, kept across retries: rows not yet handled and dead letters not yet stored. Input
     * objects are copied so that each record is tracked by identity even if a caller passes one twice.
     */
    private static final class WriteState {
        final List<Row> pendingRows = new ArrayList<>();
        final List<Rejected> pendingLetters = new ArrayList<>();
        private final Set<Row> handledRows = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Rejected> storedLetters = Collections.newSetFromMap(new IdentityHashMap<>());
        int rowsWritten;
        int deadLettered;
        String firstReason;

        WriteState(List<Row> rows, List<Rejected> rejected) {
            for (Row row : rows) {
                pendingRows.add(new Row(row.source(), row.payload()));
            }
            for (Rejected letter : rejected) {
                pendingLetters.add(new Rejected(letter.source(), letter.reason()));
            }
        }

        synchronized void rowWritten(Row row) {
            if (handledRows.add(row)) {
                rowsWritten++;
            }
        }

        synchronized void rowFailed(Row row, String reason) {
            if (handledRows.add(row)) {
                pendingLetters.add(new Rejected(row.source(), reason));
            }
        }

        synchronized void forgetHandledRows() {
            pendingRows.removeIf(handledRows::contains);
            handledRows.clear();
        }

        synchronized void letterStored(Rejected letter) {
            if (storedLetters.add(letter)) {
                deadLettered++;
                if (firstReason == null) {
                    firstReason = letter.reason();
                }
            }
        }

        synchronized void forgetStoredLetters() {
            pendingLetters.removeIf(storedLetters::contains);
            storedLetters.clear();
        }
    }
}
