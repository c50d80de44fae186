package org.kinesiscratedb.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource whose first {@code failures} connection attempts fail as if the database were down. */
public final class FlakyDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger attempts = new AtomicInteger();

    public FlakyDataSource(DataSource delegate, int failures) {
        this.delegate = delegate;
        this.failuresLeft = new AtomicInteger(failures);
    }

    /** Makes the next {@code failures} connection attempts fail. */
    public void failNext(int failures) {
        failuresLeft.set(failures);
    }

    /** Connection attempts so far, failed ones included. */
    public int attempts() {
        return attempts.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        attempts.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            throw new SQLTransientConnectionException("test pool - Connection is not available, request timed out");
        }
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
