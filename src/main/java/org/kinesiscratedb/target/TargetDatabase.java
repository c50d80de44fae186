package org.kinesiscratedb.target;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.kinesiscratedb.Causes;
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
     * How long a bounded {@code load} waits at start for a database that does not answer before it gives up with an
     * error. A relay that keeps running ({@code --follow}, {@code run}) waits as long as it takes.
     */
    public static final Duration BOUNDED_WAIT = Duration.ofSeconds(30);

    /**
     * Opens the pool and asks the server what it is. While the database is unreachable this waits, with one
     * warning, and retries with backoff up to 10 s: a relay started before its database simply waits for it.
     * A server that answers but refuses the connection for a reason waiting cannot fix (authentication, an unknown
     * database or user, TLS) is an error at once.
     *
     * @throws InterruptedException  when the thread is interrupted while waiting
     * @throws IllegalStateException when the server refuses the connection for good
     */
    public static TargetDatabase connect(TargetSettings settings, String poolName, int maxPoolSize)
            throws InterruptedException {
        return connect(settings, poolName, maxPoolSize, null);
    }

    /**
     * As {@link #connect(TargetSettings, String, int)}, but waits at most {@code maxWait} for an unreachable
     * database ({@code null}: forever), then fails with an error that names the target and the last problem.
     *
     * @throws InterruptedException  when the thread is interrupted while waiting
     * @throws IllegalStateException when the server refuses the connection for good, or did not answer in time
     */
    public static TargetDatabase connect(TargetSettings settings, String poolName, int maxPoolSize,
                                         Duration maxWait) throws InterruptedException {
        DataSource dataSource = settings.createDataSource(poolName, maxPoolSize);
        // Probe without the pool: the driver's own error comes at once (the pool would wait its connection timeout
        // and report "Connection is not available" instead).
        DataSource probe = dataSource instanceof HikariDataSource hikari && hikari.getDataSource() != null
                ? hikari.getDataSource() : dataSource;
        long start = System.nanoTime();
        long delayMillis = 100;
        boolean warned = false;
        while (true) {
            try (Connection connection = probe.getConnection()) {
                Dialect dialect = Dialect.detect(connection);
                if (warned) {
                    LOG.info("The database at {} answers now", settings.display());
                }
                return new TargetDatabase(settings, dataSource, dialect);
            } catch (SQLException e) {
                if (refusedForGood(e)) {
                    close(dataSource);
                    throw new IllegalStateException("The database at " + settings.display()
                            + " refused the connection: " + SqlErrors.describe(e), e);
                }
                long waited = System.nanoTime() - start;
                if (maxWait != null && waited >= maxWait.toNanos()) {
                    close(dataSource);
                    throw new IllegalStateException("Cannot reach the database at " + settings.display() + " (waited "
                            + maxWait.toSeconds() + " s): " + SqlErrors.describe(e), e);
                }
                if (!warned) {
                    LOG.warn("Cannot reach the database at {}: {}; waiting for it{}", settings.display(),
                            SqlErrors.describe(e), maxWait == null ? "" : " (at most " + maxWait.toSeconds() + " s)");
                    warned = true;
                }
                long pause = delayMillis;
                if (maxWait != null) {
                    pause = Math.max(1, Math.min(pause, (maxWait.toNanos() - waited) / 1_000_000L));
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(pause);
                } catch (InterruptedException interrupted) {
                    close(dataSource);
                    throw interrupted;
                }
                delayMillis = Math.min(delayMillis * 2, 10_000);
            }
        }
    }

    /**
     * Errors that waiting does not fix: authentication and authorization (SQLState class 28: a wrong password, an
     * unknown user, no pg_hba.conf entry), an unknown database (3D000), a server that rejects the connection
     * (08004: e.g. it does not support the SSL that {@code sslmode} demands), and a TLS handshake that fails (an
     * untrusted certificate, a wrong host name).
     */
    static boolean refusedForGood(SQLException error) {
        if (Causes.find(error, javax.net.ssl.SSLException.class).isPresent()) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("28") || state.equals("3D000") || state.equals("08004")) {
                    return true;
                }
            }
        }
        return false;
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
