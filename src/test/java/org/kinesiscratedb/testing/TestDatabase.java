package org.kinesiscratedb.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kinesiscratedb.target.Dialect;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a test class runs against, with a schema of its own that is dropped afterwards.
 *
 * <p>Which database: the JDBC URL in {@code KCR_TEST_JDBC_URL} if set (CrateDB, e.g.
 * {@code jdbc:postgresql://localhost:5432/doc?user=crate}), else the PostgreSQL server on 127.0.0.1:5432
 * (database {@code test}, trust auth), else a Testcontainers CrateDB where Docker runs.
 *
 * <p>Use as {@code @RegisterExtension static final TestDatabase DB = new TestDatabase();}.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final Object CONTAINER_LOCK = new Object();
    private static String containerJdbcUrl;

    private String jdbcUrl;
    private String schema;
    private Dialect dialect;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        jdbcUrl = chooseJdbcUrl();
        schema = ("t_" + context.getRequiredTestClass().getSimpleName() + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (Connection connection = connect()) {
            dialect = Dialect.detect(connection);
            try (Statement statement = connection.createStatement()) {
                if (dialect.createSchemaSql(schema).isPresent()) {
                    statement.execute(dialect.createSchemaSql(schema).get());
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        dropSchema(schema);
    }

    /** Drops every table of {@code name} (and the schema itself on PostgreSQL). */
    public void dropSchema(String name) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            if (isCrateDb()) {
                var tables = new java.util.ArrayList<String>();
                try (var rs = statement.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                                + name.replace("'", "''") + "'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    statement.execute("DROP TABLE IF EXISTS " + dialect.qualified(name, table));
                }
            } else {
                statement.execute("DROP SCHEMA IF EXISTS " + dialect.quote(name) + " CASCADE");
            }
        }
    }

    private static String chooseJdbcUrl() {
        String configured = System.getenv("KCR_TEST_JDBC_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try (Connection ignored = DriverManager.getConnection(DEFAULT_POSTGRES_URL)) {
            return DEFAULT_POSTGRES_URL;
        } catch (SQLException postgresDown) {
            return startCrateDbContainer(postgresDown);
        }
    }

    private static String startCrateDbContainer(SQLException postgresDown) {
        synchronized (CONTAINER_LOCK) {
            if (containerJdbcUrl == null) {
                if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                    throw new IllegalStateException("No test database: KCR_TEST_JDBC_URL is not set, PostgreSQL on "
                            + "127.0.0.1:5432 does not answer (" + postgresDown.getMessage()
                            + ") and there is no Docker engine for a CrateDB container");
                }
                var container = new org.testcontainers.cratedb.CrateDBContainer("crate:6.1");
                container.start();
                containerJdbcUrl = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                        + "user=" + container.getUsername();
            }
            return containerJdbcUrl;
        }
    }

    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, new Properties());
        connection.setAutoCommit(true);
        return connection;
    }

    /** A fresh unpooled DataSource for the test database. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return dataSource;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The schema this test class owns. */
    public String schema() {
        return schema;
    }

    public Dialect dialect() {
        return dialect;
    }

    public boolean isCrateDb() {
        return "cratedb".equals(dialect.name());
    }

    /**
     * A target URL as users write it, for a table in this class's schema: {@code crate://user@host:port/schema/table}
     * on CrateDB, {@code postgresql://user@host:port/database/schema/table} on PostgreSQL.
     */
    public String targetUrl(String table) {
        return baseUrl() + "/" + schema + (table == null ? "" : "/" + table);
    }

    /** As {@link #targetUrl(String)} without schema and table: a DBURI for the checkpoint commands. */
    public String databaseUrl() {
        return baseUrl();
    }

    /** The database server's port (for a proxy in front of it). */
    public int port() {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
    }

    /** As {@link #targetUrl(String)}, but through another port on 127.0.0.1 (a proxy in front of the database). */
    public String targetUrlVia(int port, String table) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return targetUrl(table).replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + port);
    }

    private String baseUrl() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = "postgres";
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("user=")) {
                user = pair.substring("user=".length());
            }
        }
        String hostPort = uri.getHost() + ":" + uri.getPort();
        if (isCrateDb()) {
            return "crate://" + user + "@" + hostPort;
        }
        String database = uri.getPath().replaceFirst("^/", "");
        return "postgresql://" + user + "@" + hostPort + "/" + database;
    }
}
