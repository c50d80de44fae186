package org.kinesiscratedb.target;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one upsert for many rows as a plain JDBC batch and finds out, row by row, what was stored.
 *
 * <p>An update count of 1 is the only proof a row was stored (CrateDB drops some rows silently with 0, and a failed
 * batch leaves later rows unsent). Rows without that proof are sent again one at a time (the upsert makes this
 * safe): a row that then fails with a data error, or stores nothing, is reported as failed; an outage or systemic
 * error is thrown, after reporting what was stored so far.
 */
final class BatchExecutor {

    /** Sets the parameters of one row. */
    interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    /** Hears what happened to each row, as it happens. */
    interface Outcome<T> {
        void written(T item);

        void failed(T item, String reason);
    }

    /** The reason given for a row that the database answered with 0 rows and no error. */
    static final String NOT_STORED = "the database did not store the row (update count 0, no error)";

    private BatchExecutor() {
    }

    static <T> void execute(Connection connection, Dialect dialect, String sql, List<T> items, Binder<T> binder,
                            Outcome<T> outcome) throws SQLException {
        List<T> unproven = new ArrayList<>();
        List<T> batched = new ArrayList<>(items.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                if (bind(statement, item, binder, dialect, outcome)) {
                    statement.addBatch();
                    batched.add(item);
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
            for (int i = 0; i < batched.size(); i++) {
                if (i < counts.length && counts[i] == 1) {
                    outcome.written(batched.get(i));
                } else {
                    unproven.add(batched.get(i));
                }
            }
            if (batchError != null && !SqlErrors.isDataError(batchError, dialect)) {
                throw batchError;
            }
        }
        if (!unproven.isEmpty()) {
            executeOneByOne(connection, dialect, sql, unproven, binder, outcome);
        }
    }

    private static <T> void executeOneByOne(Connection connection, Dialect dialect, String sql, List<T> items,
                                            Binder<T> binder, Outcome<T> outcome) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                if (!bind(statement, item, binder, dialect, outcome)) {
                    continue;
                }
                int count;
                try {
                    count = statement.executeUpdate();
                } catch (SQLException e) {
                    if (!SqlErrors.isDataError(e, dialect)) {
                        throw e;
                    }
                    outcome.failed(item, SqlErrors.serverMessage(e));
                    continue;
                }
                if (count == 1) {
                    outcome.written(item);
                } else {
                    outcome.failed(item, NOT_STORED);
                }
            }
        }
    }

    /** Binds one row; a value the driver refuses (a data error) fails that row only. */
    private static <T> boolean bind(PreparedStatement statement, T item, Binder<T> binder, Dialect dialect,
                                    Outcome<T> outcome) throws SQLException {
        try {
            binder.bind(statement, item);
            return true;
        } catch (SQLException e) {
            if (!SqlErrors.isDataError(e, dialect)) {
                throw e;
            }
            statement.clearParameters();
            outcome.failed(item, SqlErrors.serverMessage(e));
            return false;
        }
    }
}
