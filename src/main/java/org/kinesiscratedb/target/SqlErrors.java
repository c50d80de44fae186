package org.kinesiscratedb.target;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.kinesiscratedb.Causes;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Sorts database errors into the three cases the writer treats differently: an outage (the database cannot be
 * reached), a systemic error (the table or the database refuses every row: permissions, a dropped table, ...) and a
 * data error (this row does not fit). Only data errors dead-letter a row; the others are retried.
 */
public final class SqlErrors {

    // SQLState classes that concern the session, the database or the statement, never one row's values.
    private static final Set<String> SYSTEMIC_CLASSES = Set.of("25", "28", "3D", "3F", "40", "53", "55", "57", "58");

    // Syntax, privilege, unknown table/column, missing unique index for ON CONFLICT, unknown function.
    private static final Set<String> SYSTEMIC_STATES =
            Set.of("0A000", "42501", "42601", "42P01", "42703", "42P10", "42883");

    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private SqlErrors() {
    }

    /** The error that says what went wrong: for a batch, the first statement's own error. */
    public static SQLException cause(SQLException error) {
        if (error instanceof BatchUpdateException && error.getNextException() != null) {
            return error.getNextException();
        }
        return error;
    }

    /** The SQLState of the error (of the failing statement for a batch), or "" when there is none. */
    public static String sqlState(SQLException error) {
        String state = cause(error).getSQLState();
        if (state == null) {
            state = error.getSQLState();
        }
        return state == null ? "" : state;
    }

    /** The server's own message, without the driver's decorations, the SQL text or a CrateDB stack trace. */
    public static String serverMessage(SQLException error) {
        SQLException cause = cause(error);
        if (cause instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** True if the database could not be reached or the connection broke. */
    public static boolean isOutage(SQLException error) {
        for (SQLException e : new SQLException[] {error, cause(error)}) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || state.startsWith("08") || SHUTDOWN_STATES.contains(state) || hasIoCause(e)) {
                return true;
            }
        }
        return false;
    }

    /** True if the error is about the database, the session or the table rather than a row's values. */
    static boolean isSystemic(SQLException error, Dialect dialect) {
        String state = sqlState(error);
        return SYSTEMIC_STATES.contains(state)
                || (state.length() == 5 && SYSTEMIC_CLASSES.contains(state.substring(0, 2)))
                || dialect.isSystemicError(cause(error));
    }

    /** True if the error only concerns the row: a dead letter is the right answer. */
    public static boolean isDataError(SQLException error, Dialect dialect) {
        return !isOutage(error) && !isSystemic(error, dialect);
    }

    /** True if a table (ours) does not exist: it was dropped, and setup must run again. */
    public static boolean isTableMissing(SQLException error) {
        return "42P01".equals(sqlState(error));
    }

    /** A one-line description for logs: SQLState and the server's message. */
    public static String describe(SQLException error) {
        String state = sqlState(error);
        return (state.isEmpty() ? "" : "[" + state + "] ") + serverMessage(error);
    }

    private static boolean hasIoCause(Throwable error) {
        return Causes.find(error, IOException.class).isPresent();
    }
}
