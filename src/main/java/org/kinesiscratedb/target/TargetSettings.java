package org.kinesiscratedb.target;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.kinesiscratedb.SettingsException;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where rows are written, parsed from a target URL. Immutable.
 *
 * <ul>
 *   <li>{@code crate://[user[:password]@]host[:port]/<schema>/<table>}: port 4200 (CrateDB's HTTP port) or no
 *       port means the PostgreSQL-wire port 5432; user {@code crate}; the JDBC database is the schema.</li>
 *   <li>{@code postgresql://} or {@code postgres://[user[:password]@]host[:port]/<database>/<schema>/<table>}:
 *       port 5432, user {@code postgres}.</li>
 * </ul>
 * Where the table is optional, {@code crate://host[/<schema>]} (schema {@code doc}, or {@code ?schema=}) and
 * {@code postgresql://host/<database>[/<schema>]} (schema {@code public}) are accepted too. Other query parameters
 * are PostgreSQL JDBC driver properties; {@code user} and {@code password} may also be given there. The password
 * may come from {@code CRATEDB_PASSWORD} / {@code PGPASSWORD}. The password never appears in messages or
 * {@link #toString()}.
 */
public final class TargetSettings {

    /** Whether a target URL must name a table. */
    public enum TableRequirement {
        /** The URL must end in {@code /<schema>/<table>}: loads into one table. */
        REQUIRED,
        /** The table may be left out (change-data-capture targets name their tables per event). */
        OPTIONAL
    }

    public static final int POSTGRES_WIRE_PORT = 5432;
    public static final int CRATEDB_HTTP_PORT = 4200;
    public static final String APPLICATION_NAME = "kinesis-cratedb";
    /**
     * Seconds a statement may wait for the database's next byte before the connection is given up as dead (the
     * driver's {@code socketTimeout}; its own default, 0, waits forever). Long enough for DDL on a busy CrateDB
     * cluster, whose cluster-state updates may take up to 30 s.
     */
    public static final int DEFAULT_SOCKET_TIMEOUT_SECONDS = 60;

    private static final String CRATE_FORM = "crate://[user[:password]@]host[:port]/<schema>/<table>";
    private static final String POSTGRES_FORM =
            "postgresql://[user[:password]@]host[:port]/<database>/<schema>/<table>";
    // Parts of the URL, not driver properties: giving them as query parameters would contradict the URL.
    private static final Set<String> URL_PART_PROPERTIES = Set.of("PGHOST", "PGPORT", "PGDBNAME");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token).*");

    private final Scheme scheme;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final String schema;
    private final String table;
    private final Map<String, String> jdbcProperties;

    private enum Scheme {
        CRATE("crate", "crate", "doc", CRATE_FORM, "CRATEDB_PASSWORD"),
        POSTGRESQL("postgresql", "postgres", "public", POSTGRES_FORM, "PGPASSWORD");

        final String label;
        final String defaultUser;
        final String defaultSchema;
        final String form;
        final String passwordVariable;

        Scheme(String label, String defaultUser, String defaultSchema, String form, String passwordVariable) {
            this.label = label;
            this.defaultUser = defaultUser;
            this.defaultSchema = defaultSchema;
            this.form = form;
            this.passwordVariable = passwordVariable;
        }
    }

    private TargetSettings(Scheme scheme, String host, int port, String user, String password, String database,
            String schema, String table, Map<String, String> jdbcProperties) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.schema = schema;
        this.table = table;
        this.jdbcProperties = jdbcProperties;
    }

    /**
     * Parses a target URL, taking a missing password from the process environment.
     *
     * @param tableRequired whether the URL must name a table
     * @throws SettingsException if the URL cannot be used
     */
    public static TargetSettings parse(String url, boolean tableRequired) {
        return parse(url, tableRequired, System.getenv());
    }

    /**
     * Parses a target URL with the given environment ({@code CRATEDB_PASSWORD}, {@code PGPASSWORD}).
     *
     * @param tableRequired whether the URL must name a table
     * @throws SettingsException if the URL cannot be used
     */
    public static TargetSettings parse(String url, boolean tableRequired, Map<String, String> env) {
        return parse(url, tableRequired ? TableRequirement.REQUIRED : TableRequirement.OPTIONAL, env);
    }

    /** As {@link #parse(String, boolean)} with the requirement spelled out. */
    public static TargetSettings parse(String url, TableRequirement requirement) {
        return parse(url, requirement, System.getenv());
    }

    /** As {@link #parse(String, boolean, Map)} with the requirement spelled out. */
    public static TargetSettings parse(String url, TableRequirement requirement, Map<String, String> env) {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(env, "env");
        if (url == null || url.isBlank()) {
            throw new SettingsException("Target URL: missing; use " + CRATE_FORM + " or " + POSTGRES_FORM);
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        Scheme scheme;
        String rest;
        if (lower.startsWith("crate://")) {
            scheme = Scheme.CRATE;
            rest = trimmed.substring("crate://".length());
        } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            scheme = Scheme.POSTGRESQL;
            rest = trimmed.substring(trimmed.indexOf("://") + 3);
        } else {
            throw new SettingsException("Unsupported target '" + redactUrl(trimmed) + "'; use " + CRATE_FORM
                    + " or " + POSTGRES_FORM);
        }
        return parseRest(scheme, rest, trimmed, requirement, env);
    }

    private static TargetSettings parseRest(Scheme scheme, String rest, String url, TableRequirement requirement,
            Map<String, String> env) {
        int question = rest.indexOf('?');
        String hier = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> query = parseQuery(question < 0 ? "" : rest.substring(question + 1));

        String user = null;
        String password = null;
        // The last '@' ends the credentials, so a password may contain a raw '@' or '/'.
        int at = hier.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = hier.substring(0, at);
            hier = hier.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode("user", colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode("password", userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                throw new SettingsException("Target URL: empty user name before '@'; write user[:password]@host");
            }
        }
        user = fromUrlOrQuery("user", user, query.remove("user"));
        password = fromUrlOrQuery("password", password, query.remove("password"));
        if (user == null) {
            user = scheme.defaultUser;
        }
        if (password == null) {
            String fromEnv = env.get(scheme.passwordVariable);
            password = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        }

        int slash = hier.indexOf('/');
        String hostPort = slash < 0 ? hier : hier.substring(0, slash);
        String path = slash < 0 ? "" : hier.substring(slash + 1);
        String[] hostAndPort = hostAndPort(hostPort);
        String host = hostAndPort[0];
        int port = hostAndPort[1].isEmpty() ? POSTGRES_WIRE_PORT : Integer.parseInt(hostAndPort[1]);
        if (scheme == Scheme.CRATE && port == CRATEDB_HTTP_PORT) {
            port = POSTGRES_WIRE_PORT;  // 4200 is CrateDB's HTTP port; we speak the PostgreSQL wire protocol
        }

        List<String> segments = pathSegments(path, url);
        Optional<String> querySchema = Optional.ofNullable(query.remove("schema"));
        String database;
        int first;
        if (scheme == Scheme.POSTGRESQL) {
            if (segments.isEmpty()) {
                throw new SettingsException("Target URL needs a database: " + scheme.form + " (got '"
                        + redactUrl(url) + "')");
            }
            database = segments.get(0);
            first = 1;
        } else {
            database = null;
            first = 0;
        }
        List<String> names = segments.subList(first, segments.size());
        if (names.size() > 2) {
            throw new SettingsException("Target URL has too many path segments ('" + redactUrl(url)
                    + "'); expected " + scheme.form);
        }
        if (names.size() < 2 && requirement == TableRequirement.REQUIRED) {
            throw new SettingsException("Target URL needs a table: " + scheme.form + " (got '" + redactUrl(url)
                    + "')");
        }
        String schema;
        if (names.isEmpty()) {
            schema = querySchema.orElse(scheme.defaultSchema);
        } else {
            schema = names.get(0);
            if (querySchema.isPresent() && !querySchema.get().equals(schema)) {
                throw new SettingsException("schema: the query gives '" + querySchema.get()
                        + "' but the path gives '" + schema + "'; give the schema once");
            }
        }
        validName("schema", schema);
        String table = names.size() == 2 ? validName("table", names.get(1)) : null;
        if (database == null) {
            database = schema;  // CrateDB uses the connection's database name as the default schema
        }
        checkDriverProperties(query);
        return new TargetSettings(scheme, host, port, user, password, database, schema, table,
                Collections.unmodifiableMap(query));
    }

    private static String fromUrlOrQuery(String name, String fromUserInfo, String fromQuery) {
        if (fromUserInfo != null && fromQuery != null) {
            throw new SettingsException("Target URL: " + name + " is given both before '@' and as query parameter '"
                    + name + "'; give it once");
        }
        return fromUserInfo != null ? fromUserInfo : fromQuery;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode("Target URL parameter name", equals < 0 ? pair : pair.substring(0, equals));
            String value = decode("Target URL parameter '" + name + "'", equals < 0 ? "" : pair.substring(equals + 1));
            if (name.isEmpty()) {
                throw new SettingsException("Target URL: a query parameter has no name");
            }
            if (values.containsKey(name)) {
                throw new SettingsException("Parameter '" + name + "' is given twice in the target URL; give it once");
            }
            if (value.isEmpty()) {
                throw new SettingsException("Parameter '" + name + "' in the target URL has an empty value; give a "
                        + "value or leave the parameter out");
            }
            values.put(name, value);
        }
        return values;
    }

    private static void checkDriverProperties(Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (URL_PART_PROPERTIES.contains(name)) {
                throw new SettingsException("Parameter '" + name + "' in the target URL: give host, port and "
                        + "database in the URL itself");
            }
            if (PGProperty.forName(name) == null) {
                throw new SettingsException("Unknown parameter '" + name + "' in the target URL; query parameters "
                        + "are PostgreSQL JDBC driver properties (e.g. sslmode, sslrootcert, connectTimeout, "
                        + "ApplicationName; names are case-sensitive) or user, password and schema");
            }
        }
    }

    /** Splits {@code host[:port]} (host may be {@code [ipv6]}) into host and port text; port may be empty. */
    private static String[] hostAndPort(String hostPort) {
        String host = hostPort;
        String port = "";
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new SettingsException("Target URL: port '" + port + "' is not a port number (1-65535)");
            }
        }
        if (host.isEmpty()) {
            throw new SettingsException("Target URL: host missing; write " + CRATE_FORM + " or " + POSTGRES_FORM);
        }
        if (!host.matches("[a-zA-Z0-9._-]+|\\[[0-9a-fA-F:.]+\\]")) {
            throw new SettingsException("Target URL: host '" + host + "' is not a host name or IP address");
        }
        return new String[] {host, port};
    }

    private static List<String> pathSegments(String path, String url) {
        // One trailing slash is harmless ("crate://host/" or ".../schema/").
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> segments = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return segments;
        }
        for (String raw : trimmed.split("/", -1)) {
            String segment = decode("Target URL path", raw);
            if (segment.isEmpty()) {
                throw new SettingsException("Target URL: empty path segment in '" + redactUrl(url)
                        + "'; schema, table and database names must not be empty");
            }
            segments.add(segment);
        }
        return segments;
    }

    private static String validName(String what, String name) {
        if (name.isEmpty()) {
            throw new SettingsException(what + ": must not be empty");
        }
        if (name.contains(".")) {
            throw new SettingsException(what + ": '" + name + "' contains '.', which CrateDB does not allow in "
                    + "schema and table names");
        }
        return name;
    }

    /** Percent-decodes without turning '+' into a space: passwords contain '+'. */
    private static String decode(String what, String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new SettingsException(what + ": malformed percent-encoding; write '%' as %25");
        }
    }

    /** The URL with the password before '@' and secret-looking query values replaced by ****. */
    static String redactUrl(String url) {
        int question = url.indexOf('?');
        String hier = question < 0 ? url : url.substring(0, question);
        int schemeEnd = hier.indexOf("://") >= 0 ? hier.indexOf("://") + 3 : hier.indexOf(':') + 1;
        int at = hier.lastIndexOf('@');
        if (at >= schemeEnd) {
            String userInfo = hier.substring(schemeEnd, at);
            int colon = userInfo.indexOf(':');
            String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":****";
            hier = hier.substring(0, schemeEnd) + shown + hier.substring(at);
        }
        if (question < 0) {
            return hier;
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : url.substring(question + 1).split("&", -1)) {
            int equals = pair.indexOf('=');
            boolean secret = equals >= 0 && SECRET_NAME.matcher(pair.substring(0, equals)).matches();
            pairs.add(secret ? pair.substring(0, equals) + "=****" : pair);
        }
        return hier + "?" + String.join("&", pairs);
    }

    /** A copy of these settings for another table in the same schema. */
    public TargetSettings withTable(String table) {
        Objects.requireNonNull(table, "table");
        return new TargetSettings(scheme, host, port, user, password, database, schema, validName("table", table),
                jdbcProperties);
    }

    /** {@code crate} or {@code postgresql}: which URL form was given. */
    public String scheme() {
        return scheme.label;
    }

    /** The database host (an IPv6 address keeps its brackets). */
    public String host() {
        return host;
    }

    /** The PostgreSQL-wire port. */
    public int port() {
        return port;
    }

    /** The database user. */
    public String user() {
        return user;
    }

    /** The password, from the URL or the environment. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The JDBC database name: the schema for CrateDB, the database segment for PostgreSQL. */
    public String database() {
        return database;
    }

    /** The schema of the target table(s), as given (case kept; always quote it). */
    public String schema() {
        return schema;
    }

    /** The target table, if the URL named one (case kept; always quote it). */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /** The query parameters passed to the JDBC driver, in URL order (without user, password and schema). */
    public Map<String, String> jdbcProperties() {
        return jdbcProperties;
    }

    /** {@code jdbc:postgresql://host:port/database?props}, without user and password. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(encode(database));
        char separator = '?';
        for (Map.Entry<String, String> property : jdbcProperties.entrySet()) {
            url.append(separator).append(encode(property.getKey())).append('=').append(encode(property.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * A connection pool for this target. It does not connect on construction (a database that is down is retried
     * on use), uses autocommit, and builds connections from a {@link PGSimpleDataSource} instance, not from a driver
     * URL: under Camel JBang the driver is invisible to {@code DriverManager}.
     *
     * @param poolName    the pool's name in logs and metrics
     * @param maxPoolSize the most connections, at least 1
     */
    public DataSource createDataSource(String poolName, int maxPoolSize) {
        Objects.requireNonNull(poolName, "poolName");
        if (maxPoolSize < 1) {
            throw new SettingsException("maxPoolSize: " + maxPoolSize + " is not allowed; give at least 1");
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setServerNames(new String[] {host});
        pg.setPortNumbers(new int[] {port});
        pg.setDatabaseName(database);
        pg.setUser(user);
        pg.setPassword(password);
        pg.setApplicationName(APPLICATION_NAME);
        // A connection whose peer vanished without a word (a network partition, a firewall or NAT that forgot it)
        // would keep a statement waiting for its answer forever: give up after this long, and the writer retries on
        // a new connection. ?socketTimeout=N in the URL sets another limit (seconds; 0: wait forever).
        pg.setSocketTimeout(DEFAULT_SOCKET_TIMEOUT_SECONDS);
        for (Map.Entry<String, String> property : jdbcProperties.entrySet()) {
            try {
                // setProperty knows every driver property; Hikari's bean-setter lookup misses some (stringtype).
                pg.setProperty(property.getKey(), property.getValue());
            } catch (SQLException unknown) {
                throw new SettingsException("Parameter '" + property.getKey() + "' in the target URL is not a "
                        + "PostgreSQL JDBC driver property");
            }
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(pg);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        // Don't fail here when the database is down: writers retry later.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** The target as a URL with the password shown as ****, plus the JDBC URL. */
    @Override
    public String toString() {
        return "TargetSettings[" + display() + ", jdbcUrl=" + redactUrl(jdbcUrl()) + "]";
    }

    /**
     * The target as the user wrote it, in canonical form and with the password shown as {@code ****}, e.g.
     * {@code postgresql://postgres:****@localhost:5432/test/doc/kinesis}: for messages.
     */
    public String display() {
        StringBuilder text = new StringBuilder().append(scheme.label).append("://").append(user);
        if (password != null) {
            text.append(":****");
        }
        text.append('@').append(host).append(':').append(port).append('/');
        if (scheme == Scheme.POSTGRESQL) {
            text.append(database).append('/');
        }
        text.append(schema);
        if (table != null) {
            text.append('/').append(table);
        }
        return text.toString();
    }
}
