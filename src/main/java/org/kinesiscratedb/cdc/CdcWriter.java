package org.kinesiscratedb.cdc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.kinesiscratedb.relay.RecordSink.SinkResult;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.target.DeadLetterTable;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.Rejected;
import org.kinesiscratedb.target.RetryLoop;
import org.kinesiscratedb.target.SqlErrors;
import org.kinesiscratedb.target.WriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the statements of translated events to the database, in event order, and stores events that cannot be
 * applied in the dead-letter table {@code "<schema>"."kinesis_cdc_errors"}.
 *
 * <p>Consecutive statements with the same SQL text form one plain JDBC batch; DDL runs alone. Keeping the order of
 * all statements keeps the order per table and key: an update never overtakes the insert it updates. Every
 * statement is idempotent (inserts do nothing on conflict, updates set values, deletes and DDL tolerate repeats), so
 * whatever the database did not prove done is sent again: after a {@code BatchUpdateException} the statements from
 * the failed one on go one by one, and one that fails for its own content dead-letters its event. An outage or an
 * error that concerns the whole table is retried with backoff, forever, and never skips an event.
 *
 * <p>On CrateDB an insert becomes visible to searches only after a refresh, and an update or delete that does not
 * address the whole primary key by equality (the universal layout's {@code pk['id']} sub-column, a key with a null
 * left out, a table without a declared key) is a search. So before an UPDATE or DELETE on a table that was inserted
 * into since its last refresh, the writer runs {@code REFRESH TABLE} (the dialect says whether one is needed).
 */
final class CdcWriter implements AutoCloseable {

    /** The dead-letter table of change data capture, in the target schema. */
    static final String DEAD_LETTER_TABLE = "kinesis_cdc_errors";

    static final String NOT_STORED = "the database did not store the row (update count 0, no error, and no row "
            + "with its key exists)";

    private static final Logger LOG = LoggerFactory.getLogger(CdcWriter.class);

    /** What an event becomes: the translator of a source format. */
    interface Translator {
        /** The statements for a record's payload, in order; may look tables up. */
        List<SqlOperation> translate(byte[] record) throws UntranslatableEventException, SQLException;

        /** Forget what the database has for a table: a write to it failed. */
        void forget(TableAddress table);
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String schema;
    private final Translator translator;
    private final DeadLetterTable deadLetters;
    private final RetryLoop retry;
    private final Set<TableAddress> unrefreshed = ConcurrentHashMap.newKeySet();
    private volatile boolean opened;

    CdcWriter(DataSource dataSource, Dialect dialect, String schema, Translator translator, WriterOptions options) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.translator = Objects.requireNonNull(translator, "translator");
        this.deadLetters = new DeadLetterTable(dialect, schema, DEAD_LETTER_TABLE);
        this.retry = new RetryLoop("schema " + dialect.quote(schema), options, LOG);
    }

    /** Creates the dead-letter table if missing; waits while the database is unreachable. */
    void open() throws InterruptedException {
        retry.run("open", () -> {
            try (Connection connection = connection(); Statement statement = connection.createStatement()) {
                Optional<String> createSchema = dialect.createSchemaSql(schema);
                if (createSchema.isPresent()) {
                    try {
                        statement.execute(createSchema.get());
                    } catch (SQLException e) {
                        if (SqlErrors.isOutage(e)) {
                            throw e;
                        }
                        // Without CREATE on the database an existing schema still works; a missing one fails next.
                        LOG.debug("{} failed: {}", createSchema.get(), SqlErrors.describe(e));
                    }
                }
                statement.execute(dialect.createDeadLetterTableSql(schema, DEAD_LETTER_TABLE));
            }
            return null;
        }, e -> { });
        opened = true;
    }

    /** Applies a batch; see the class comment. Returns only when every event is applied or dead-lettered. */
    SinkResult write(List<KinesisRecord> batch) throws InterruptedException {
        if (!opened) {
            open();
        }
        Progress progress = new Progress(batch);
        if (!batch.isEmpty()) {
            retry.run("write", () -> {
                apply(progress);
                return null;
            }, e -> progress.touched.forEach(translator::forget));
        }
        List<Rejected> letters = progress.letters();
        if (!letters.isEmpty()) {
            retry.run("dead-letter write", () -> {
                try (Connection connection = connection()) {
                    deadLetters.write(connection, letters, stored -> { });
                }
                return null;
            }, e -> { });
            LOG.warn("{} event(s) went to {} (first reason: {})", letters.size(),
                    dialect.qualified(schema, DEAD_LETTER_TABLE), abbreviate(letters.get(0).reason()));
        }
        return new SinkResult(batch.size() - letters.size(), letters.size());
    }

    /** Ends any wait at once; later calls fail with {@link org.kinesiscratedb.target.WriterClosedException}. */
    @Override
    public void close() {
        retry.close();
    }

    // ---- one attempt ----

    private void apply(Progress progress) throws SQLException {
        List<Step> steps = progress.translateRest(translator);
        try (Connection connection = connection()) {
            int i = 0;
            while (i < steps.size()) {
                Step step = steps.get(i);
                if (progress.isRejected(step.event())) {
                    i++;
                    continue;
                }
                if (step.operation().isDdl()) {
                    executeDdl(connection, progress, step);
                    i++;
                    continue;
                }
                List<Step> run = new ArrayList<>();
                int j = i;
                while (j < steps.size() && !steps.get(j).operation().isDdl()
                        && steps.get(j).operation().sql().equals(step.operation().sql())) {
                    if (!progress.isRejected(steps.get(j).event())) {
                        run.add(steps.get(j));
                    }
                    j++;
                }
                executeRun(connection, progress, run);
                i = j;
            }
        }
    }

    private void executeDdl(Connection connection, Progress progress, Step step) throws SQLException {
        SqlOperation operation = step.operation();
        try (Statement statement = connection.createStatement()) {
            statement.execute(operation.sql());
            if (operation.optional()) {
                LOG.debug("{}", operation.sql());
            } else {
                LOG.info("{}", operation.sql());
            }
        } catch (SQLException e) {
            if (SqlErrors.isOutage(e)) {
                throw e;
            }
            if (dialect.isColumnExistsError(e)) {
                LOG.debug("Column exists already (a concurrent writer added it): {}", operation.sql());
            } else if (operation.optional()) {
                LOG.warn("{} failed, going on without: {}", operation.sql(), SqlErrors.describe(e));
            } else if (SqlErrors.isDataError(e, dialect)) {
                translator.forget(operation.table());
                progress.reject(step.event(), SqlErrors.serverMessage(e) + " (in: " + operation.sql() + ")");
                return;
            } else {
                throw e;
            }
        }
        if (operation.sql().startsWith("DROP TABLE")) {
            unrefreshed.remove(operation.table());
        }
        progress.done(step);
    }

    private void executeRun(Connection connection, Progress progress, List<Step> run) throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        SqlOperation first = run.get(0).operation();
        TableAddress table = first.table();
        if (first.kind() == SqlOperation.Kind.UPDATE || first.kind() == SqlOperation.Kind.DELETE) {
            refreshIfNeeded(connection, table);
        }
        if (first.kind() == SqlOperation.Kind.INSERT && dialect.refreshTableSql(table.schema(), table.table())
                .isPresent()) {
            unrefreshed.add(table);
        }
        List<Step> unproven = new ArrayList<>();
        List<Step> notInserted = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(first.sql())) {
            List<Step> batched = new ArrayList<>();
            for (Step step : run) {
                if (bind(statement, progress, step)) {
                    statement.addBatch();
                    batched.add(step);
                }
            }
            if (batched.isEmpty()) {
                return;
            }
            int[] counts;
            SQLException batchError = null;
            try {
                counts = statement.executeBatch();
            } catch (BatchUpdateException e) {
                counts = e.getUpdateCounts() == null ? new int[0] : e.getUpdateCounts();
                batchError = e;
            }
            // Only a leading stretch of non-negative counts proves execution; everything after it is sent again.
            int proven = 0;
            while (proven < batched.size() && proven < counts.length && counts[proven] >= 0) {
                counted(progress, batched.get(proven), counts[proven], notInserted);
                proven++;
            }
            if (batchError != null && !SqlErrors.isDataError(batchError, dialect)) {
                throw batchError;
            }
            unproven.addAll(batched.subList(proven, batched.size()));
        }
        if (!unproven.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(first.sql())) {
                for (Step step : unproven) {
                    if (!bind(statement, progress, step)) {
                        continue;
                    }
                    try {
                        counted(progress, step, statement.executeUpdate(), notInserted);
                    } catch (SQLException e) {
                        if (!SqlErrors.isDataError(e, dialect)) {
                            throw e;
                        }
                        translator.forget(table);
                        progress.reject(step.event(), SqlErrors.serverMessage(e));
                    }
                }
            }
        }
        if (!notInserted.isEmpty()) {
            verifyInserts(connection, progress, table, first.sql(), notInserted);
        }
    }

    /**
     * An insert that stored nothing either met an existing row (a replay: fine) or was dropped silently (CrateDB
     * does that for some values, cratedb.md rule 6). The row's key tells which; a dropped row is sent once more.
     */
    private void verifyInserts(Connection connection, Progress progress, TableAddress table, String sql,
            List<Step> steps) throws SQLException {
        refreshIfNeeded(connection, table);
        for (Step step : steps) {
            SqlOperation probe = step.operation().probe();
            if (probe != null && exists(connection, probe)) {
                progress.done(step);
                continue;
            }
            if (dialect.refreshTableSql(table.schema(), table.table()).isPresent()) {
                unrefreshed.add(table);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                SqlParameters.bind(statement, step.operation().parameters());
                if (statement.executeUpdate() == 1) {
                    progress.done(step);
                } else {
                    progress.reject(step.event(), NOT_STORED);
                }
            } catch (SQLException e) {
                if (!SqlErrors.isDataError(e, dialect)) {
                    throw e;
                }
                progress.reject(step.event(), SqlErrors.serverMessage(e));
            }
        }
    }

    private void counted(Progress progress, Step step, int count, List<Step> notInserted) {
        if (count == 0 && step.operation().kind() == SqlOperation.Kind.INSERT) {
            notInserted.add(step);
            return;
        }
        if (count == 0) {
            LOG.debug("{} matched no row (replayed, or the row was never loaded)", step.operation().kind());
        }
        progress.done(step);
    }

    private boolean bind(PreparedStatement statement, Progress progress, Step step) throws SQLException {
        try {
            SqlParameters.bind(statement, step.operation().parameters());
            return true;
        } catch (SQLException e) {
            if (!SqlErrors.isDataError(e, dialect)) {
                throw e;
            }
            statement.clearParameters();
            progress.reject(step.event(), SqlErrors.serverMessage(e));
            return false;
        }
    }

    private static boolean exists(Connection connection, SqlOperation probe) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(probe.sql())) {
            SqlParameters.bind(statement, probe.parameters());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void refreshIfNeeded(Connection connection, TableAddress table) throws SQLException {
        if (!unrefreshed.remove(table)) {
            return;
        }
        Optional<String> refresh = dialect.refreshTableSql(table.schema(), table.table());
        if (refresh.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(refresh.get());
        } catch (SQLException e) {
            if (SqlErrors.isTableMissing(e)) {
                return;
            }
            unrefreshed.add(table);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** One statement of one event. */
    private record Step(int event, SqlOperation operation) {
    }

    /** How far a batch got: survives failed attempts, so a retry goes on from the first unfinished event. */
    private static final class Progress {
        private final List<KinesisRecord> records;
        private final int[] remaining;
        private final TreeMap<Integer, String> rejected = new TreeMap<>();
        private final Set<TableAddress> touched = new HashSet<>();
        private int next;

        Progress(List<KinesisRecord> records) {
            this.records = List.copyOf(records);
            this.remaining = new int[records.size()];
        }

        /** Translates every event from the first unfinished one; earlier attempts' results for them are void. */
        List<Step> translateRest(Translator translator) throws SQLException {
            rejected.tailMap(next, true).clear();
            touched.clear();
            List<Step> steps = new ArrayList<>();
            for (int i = next; i < records.size(); i++) {
                try {
                    List<SqlOperation> operations = translator.translate(records.get(i).data());
                    remaining[i] = operations.size();
                    for (SqlOperation operation : operations) {
                        steps.add(new Step(i, operation));
                        touched.add(operation.table());
                    }
                } catch (UntranslatableEventException e) {
                    rejected.put(i, e.getMessage());
                } catch (RuntimeException bug) {
                    // A defect of ours must not stop the relay nor lose the event: it waits in the dead letters.
                    LOG.error("Translating {} failed", records.get(i), bug);
                    rejected.put(i, "internal error while translating: " + bug);
                }
            }
            advance();
            return steps;
        }

        boolean isRejected(int event) {
            return rejected.containsKey(event);
        }

        void done(Step step) {
            remaining[step.event()]--;
            advance();
        }

        void reject(int event, String reason) {
            rejected.put(event, reason);
            advance();
        }

        private void advance() {
            while (next < records.size() && (rejected.containsKey(next) || remaining[next] <= 0)) {
                next++;
            }
        }

        List<Rejected> letters() {
            List<Rejected> letters = new ArrayList<>();
            for (Map.Entry<Integer, String> entry : rejected.entrySet()) {
                letters.add(new Rejected(records.get(entry.getKey()), entry.getValue()));
            }
            return letters;
        }
    }
}
