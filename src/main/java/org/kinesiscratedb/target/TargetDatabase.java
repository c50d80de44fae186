package org.kinesiscratedb.target;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target database of a relay: one connection pool and the dialect detected from the server, shared by the
 * table writer and the checkpoint store.
 */
public final class TargetDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDatabase.class);

    private final TargetSettings settings;
    private final DataSource dataSource;
    private final Dialect dialect;

    private TargetDatabase(TargetSettings settings, DataSource dataSource, Dialect dialect) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Opens the pool and asks the server what it is. While the database is unreachable this waits, with one
     * warning, and retries with backoff up to 10 s: a relay started before its database simply waits for it.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public static TargetDatabase connect(TargetSettings settings, String poolName, int maxPoolSize)
            throws InterruptedException {
        DataSource dataSource = settings.createDataSource(poolName, maxPoolSize);
        long delayMillis = 100;
        boolean warned = false;
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                Dialect dialect = Dialect.detect(connection);
                if (warned) {
                    LOG.info("The database at {} answers now", settings);
                }
                return new TargetDatabase(settings, dataSource, dialect);
            } catch (SQLException e) {
                if (!warned) {
                    LOG.warn("Cannot reach the database at {}: {}; waiting for it", settings, SqlErrors.describe(e));
                    warned = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(delayMillis);
                } catch (InterruptedException interrupted) {
                    close(dataSource);
                    throw interrupted;
                }
                delayMillis = Math.min(delayMillis * 2, 10_000);
            }
        }
    }

    public TargetSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        close(dataSource);
    }

    private static void close(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
    }

    @Override
    public String toString() {
        return dialect.name() + " at " + settings;
    }
}
