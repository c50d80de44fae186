package org.kinesiscratedb.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.RecordDecoder;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.RowLayout;
import org.kinesiscratedb.target.TableWriter;
import org.kinesiscratedb.target.WriteResult;
import org.kinesiscratedb.target.WriterOptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The benchmark's database (PostgreSQL, or CrateDB when its JDBC URL is given): its tables, and the queries that
 * check and time what the measurements wrote.
 *
 * <p>Every table gets one column besides the relay's layout, {@value #WRITTEN_AT}, whose default is the time the
 * row was inserted ({@code clock_timestamp()} on PostgreSQL, {@code CURRENT_TIMESTAMP} on CrateDB). The relay never
 * names it, so its upserts leave the default in place; {@code written_at - kinesis.ts} is then each record's time
 * from its arrival in Kinesis to its row, measured by clocks of this machine only, without polling.
 */
final class BenchDatabase {

    /** The insert-time column the benchmark adds to every table. */
    static final String WRITTEN_AT = "bench_written_at";

    private final String jdbcUrl;
    private final Dialect dialect;
    private final String version;

    private BenchDatabase(String jdbcUrl, Dialect dialect, String version) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.version = version;
    }

    /** Connects once to learn which database it is. */
    static BenchDatabase open(String jdbcUrl) throws SQLException {
        try (Connection connection = connect(jdbcUrl); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return new BenchDatabase(jdbcUrl, Dialect.detect(connection), rs.getString(1));
        }
    }

    /** A plain autocommit connection: what every measurement writes through. */
    static Connection connect(String jdbcUrl) throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, new Properties());
        connection.setAutoCommit(true);
        return connection;
    }

    Connection connect() throws SQLException {
        return connect(jdbcUrl);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean isCrateDb() {
        return "cratedb".equals(dialect.name());
    }

    /**
     * The {@code load} target URL of a table: {@code crate://user[:password]@host:port/schema/table} or
     * {@code postgresql://user[:password]@host:port/database/schema/table}, from the JDBC URL's parts.
     */
    String targetUrl(String schema, String table) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = isCrateDb() ? "crate" : "postgres";
        String password = null;
        for (String pair : (uri.getQuery() == null ? "" : uri.getQuery()).split("&")) {
            if (pair.startsWith("user=")) {
                user = pair.substring("user=".length());
            } else if (pair.startsWith("password=")) {
                password = pair.substring("password=".length());
            }
        }
        String userInfo = password == null ? user : user + ":" + password;
        String hostPort = uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
        if (isCrateDb()) {
            return "crate://" + userInfo + "@" + hostPort + "/" + schema + "/" + table;
        }
        return "postgresql://" + userInfo + "@" + hostPort + "/" + uri.getPath().replaceFirst("^/", "") + "/"
                + schema + "/" + table;
    }

    void createSchema(String schema) throws SQLException {
        if (dialect.createSchemaSql(schema).isPresent()) {
            execute(dialect.createSchemaSql(schema).get());
        }
    }

    /** Drops every table of the schema (and the schema itself on PostgreSQL). */
    void dropSchema(String schema) throws SQLException {
        if (!isCrateDb()) {
            execute("DROP SCHEMA IF EXISTS " + dialect.quote(schema) + " CASCADE");
            return;
        }
        List<String> tables = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        for (String table : tables) {
            execute("DROP TABLE IF EXISTS " + dialect.qualified(schema, table));
        }
    }

    /**
     * Creates a fresh table exactly as {@code load} would make it for {@link TutorialRecords} (its own writer
     * creates it and adds the payload columns from one seed record, which is then deleted), plus
     * {@value #WRITTEN_AT}. So the raw ingest, the naive route and {@code load} write into identical tables.
     */
    void createTable(String schema, String table) throws SQLException, InterruptedException {
        String create = dialect.createTableSql(schema, table);
        String key = dialect.quote(RowLayout.MESSAGE_ID) + " TEXT PRIMARY KEY, ";
        String writtenAt = dialect.quote(WRITTEN_AT) + " TIMESTAMP WITH TIME ZONE DEFAULT "
                + (isCrateDb() ? "CURRENT_TIMESTAMP" : "clock_timestamp()");
        if (create.contains(key)) {
            execute(create.replace(key, key + writtenAt + ", "));
        } else {
            // The relay's DDL changed shape: add the column afterwards (PostgreSQL accepts a volatile default).
            execute(create);
            execute("ALTER TABLE " + dialect.qualified(schema, table) + " ADD COLUMN " + writtenAt);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        TableWriter writer = new TableWriter(dataSource, dialect, schema, table, WriterOptions.defaults());
        try {
            KinesisRecord seed = new KinesisRecord("seed", "shardId-seed", "0", "seed", Instant.now(),
                    TutorialRecords.payload(0));
            WriteResult result = writer.writeDecoded(List.of(new RecordDecoder().decode(seed)));
            if (result.rowsWritten() != 1) {
                throw new IllegalStateException("the seed record of " + table + " was not written: " + result);
            }
        } finally {
            writer.close();
        }
        try (Connection connection = connect(); PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + dialect.qualified(schema, table) + " WHERE " + dialect.quote(RowLayout.MESSAGE_ID)
                        + " = ?")) {
            delete.setString(1, RowLayout.messageId("shardId-seed", "0"));
            delete.executeUpdate();
        }
        refresh(schema, table);
    }

    /** Makes recent writes visible to searches on CrateDB; nothing to do on PostgreSQL. */
    void refresh(String schema, String table) throws SQLException {
        if (dialect.refreshTableSql(schema, table).isPresent()) {
            execute(dialect.refreshTableSql(schema, table).get());
        }
    }

    /** Flushes PostgreSQL's dirty pages before a measurement, so that it does not pay for the previous one. */
    void settle() {
        if (!isCrateDb()) {
            try {
                execute("CHECKPOINT");
            } catch (SQLException notSuperuser) {
                // only an aid against noise
            }
        }
    }

    long count(String schema, String table) throws SQLException {
        refresh(schema, table);
        return queryLong("SELECT count(*) FROM " + dialect.qualified(schema, table));
    }

    /** How many distinct records ({@code meta.n}) the table holds, and the smallest and largest index. */
    long[] recordIndices(String schema, String table) throws SQLException {
        refresh(schema, table);
        String n = metaN();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(DISTINCT " + n + "), min(" + n + "), max(" + n
                     + ") FROM " + dialect.qualified(schema, table))) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** Arrival-to-row time in ms of every row whose record index is at least {@code minIndex}. */
    double[] latenciesMillis(String schema, String table, long minIndex) throws SQLException {
        refresh(schema, table);
        String latency = isCrateDb()
                ? "(" + dialect.quote(WRITTEN_AT) + "::bigint - \"kinesis\"['ts']::bigint)"
                : "(extract(epoch FROM " + dialect.quote(WRITTEN_AT) + " - (\"kinesis\"->>'ts')::timestamptz) * 1000)";
        List<Double> values = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + latency + " FROM " + dialect.qualified(schema, table)
                     + " WHERE " + metaN() + " >= " + minIndex)) {
            while (rs.next()) {
                values.add(rs.getDouble(1));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private String metaN() {
        return isCrateDb() ? "\"meta\"['n']" : "(\"meta\"->>'n')::bigint";
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The database's name and version for the report, e.g. {@code PostgreSQL 15.20}. */
    String shortVersion() {
        String[] words = version.split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : version;
    }

    @Override
    public String toString() {
        return shortVersion() + " at " + jdbcUrl.replaceAll("password=[^&]*", "password=****");
    }
}
