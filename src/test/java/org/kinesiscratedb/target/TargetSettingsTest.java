package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.target.TargetSettings.TableRequirement;
import org.postgresql.ds.PGSimpleDataSource;

class TargetSettingsTest {

    private static final String PASSWORD = "PaSsWoRd-91";

    private static TargetSettings parse(String url, boolean tableRequired) {
        return TargetSettings.parse(url, tableRequired, Map.of());
    }

    private static SettingsException failure(String url, boolean tableRequired) {
        SettingsException e = catchThrowableOfType(SettingsException.class,
                () -> TargetSettings.parse(url, tableRequired, Map.of()));
        assertThat(e).as("expected a SettingsException for %s", url).isNotNull();
        return e;
    }

    @Nested
    class CrateUrl {

        @Test
        void readsTheTutorialUrl() {
            var t = parse("crate://crate:crate@localhost:4200/testdrive/kinesis", true);

            assertThat(t.scheme()).isEqualTo("crate");
            assertThat(t.host()).isEqualTo("localhost");
            assertThat(t.port()).isEqualTo(5432);
            assertThat(t.user()).isEqualTo("crate");
            assertThat(t.password()).contains("crate");
            assertThat(t.database()).isEqualTo("testdrive");
            assertThat(t.schema()).isEqualTo("testdrive");
            assertThat(t.table()).contains("kinesis");
            assertThat(t.jdbcProperties()).isEmpty();
            assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/testdrive");
        }

        @ParameterizedTest
        @CsvSource({"crate://db:4200/s/t, 5432", "crate://db/s/t, 5432", "crate://db:5433/s/t, 5433",
            "crate://db:5432/s/t, 5432"})
        void mapsTheHttpPortAndNoPortTo5432AndKeepsOthers(String url, int port) {
            assertThat(parse(url, true).port()).isEqualTo(port);
        }

        @Test
        void defaultsToUserCrateWithoutPassword() {
            var t = parse("crate://db/s/t", true);

            assertThat(t.user()).isEqualTo("crate");
            assertThat(t.password()).isEmpty();
        }

        @Test
        void acceptsSchemaWithoutTableWhenTheTableIsOptional() {
            var t = parse("crate://localhost:4200/testdrive", false);

            assertThat(t.schema()).isEqualTo("testdrive");
            assertThat(t.database()).isEqualTo("testdrive");
            assertThat(t.table()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"crate://localhost", "crate://localhost/", "crate://localhost:4200/"})
        void defaultsToSchemaDoc(String url) {
            var t = parse(url, false);

            assertThat(t.schema()).isEqualTo("doc");
            assertThat(t.database()).isEqualTo("doc");
        }

        @Test
        void takesTheSchemaFromTheSqlAlchemyQueryParameter() {
            var t = parse("crate://crate@localhost:4200/?schema=ext&sslmode=disable", false);

            assertThat(t.schema()).isEqualTo("ext");
            assertThat(t.database()).isEqualTo("ext");
            assertThat(t.jdbcProperties()).containsExactly(Map.entry("sslmode", "disable"));
            assertThat(t.jdbcUrl()).doesNotContain("schema");
        }

        @Test
        void rejectsASchemaQueryParameterThatContradictsThePath() {
            assertThat(failure("crate://localhost/a?schema=b", false)).hasMessageContaining("'b'")
                    .hasMessageContaining("'a'");
            assertThat(parse("crate://localhost/a?schema=a", false).schema()).isEqualTo("a");
        }

        @Test
        void rejectsAMissingTableWhenRequired() {
            assertThat(failure("crate://localhost:4200/testdrive", true)).hasMessageStartingWith(
                    "Target URL needs a table: crate://[user[:password]@]host[:port]/<schema>/<table>");
            assertThat(failure("crate://localhost", true)).hasMessageContaining("needs a table");
        }

        @Test
        void rejectsTooManyPathSegments() {
            assertThat(failure("crate://localhost/a/b/c", false)).hasMessageContaining("too many path segments")
                    .hasMessageContaining("<schema>/<table>");
        }

        @ParameterizedTest
        @ValueSource(strings = {"crate://localhost//t", "crate://localhost/s//"})
        void rejectsEmptySegments(String url) {
            assertThat(failure(url, false)).hasMessageContaining("empty");
        }

        @ParameterizedTest
        @CsvSource({"crate://localhost/a.b/t, schema", "crate://localhost/s/t.x, table"})
        void rejectsNamesWithDots(String url, String what) {
            assertThat(failure(url, true)).hasMessageStartingWith(what + ": ").hasMessageContaining("'.'");
        }

        @Test
        void keepsTheCaseOfNames() {
            var t = parse("crate://localhost/MySchema/MyTable", true);

            assertThat(t.schema()).isEqualTo("MySchema");
            assertThat(t.table()).contains("MyTable");
        }

        @Test
        void percentDecodesUserPasswordAndNames() {
            var t = parse("crate://us%40er:p%40ss%2Fw+rd@localhost/sch%20ema/t%C3%BC", true);

            assertThat(t.user()).isEqualTo("us@er");
            assertThat(t.password()).contains("p@ss/w+rd");
            assertThat(t.schema()).isEqualTo("sch ema");
            assertThat(t.table()).contains("tü");
            assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/sch+ema");
        }

        @Test
        void acceptsARawAtSignInThePassword() {
            assertThat(parse("crate://u:a@b@localhost/s/t", true).password()).contains("a@b");
        }

        @Test
        void passesQueryParametersToTheDriver() {
            var t = parse("crate://db:4200/s/t?sslmode=require&sslrootcert=%2Fetc%2Fca.pem&connectTimeout=5", true);

            assertThat(t.jdbcProperties()).containsExactly(Map.entry("sslmode", "require"),
                    Map.entry("sslrootcert", "/etc/ca.pem"), Map.entry("connectTimeout", "5"));
            assertThat(t.jdbcUrl()).isEqualTo(
                    "jdbc:postgresql://db:5432/s?sslmode=require&sslrootcert=%2Fetc%2Fca.pem&connectTimeout=5");
        }

        @Test
        void acceptsUserAndPasswordAsQueryParametersButKeepsThemOutOfTheJdbcUrl() {
            var t = parse("crate://db/s/t?user=admin&password=" + PASSWORD + "&ssl=true", true);

            assertThat(t.user()).isEqualTo("admin");
            assertThat(t.password()).contains(PASSWORD);
            assertThat(t.jdbcProperties()).containsOnlyKeys("ssl");
            assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/s?ssl=true");
        }

        @Test
        void rejectsAUserGivenTwice() {
            assertThat(failure("crate://a@db/s/t?user=b", true))
                    .hasMessageContaining("user").hasMessageContaining("once");
        }

        @Test
        void rejectsAParameterGivenTwice() {
            assertThat(failure("crate://db/s/t?sslmode=require&sslmode=disable", true))
                    .hasMessageContaining("'sslmode' is given twice");
        }

        @Test
        void rejectsAnUnknownDriverProperty() {
            assertThat(failure("crate://db/s/t?fooBar=1", true)).hasMessageContaining("Unknown parameter 'fooBar'")
                    .hasMessageContaining("sslmode");
        }

        @Test
        void rejectsConnectionPartsAsQueryParameters() {
            assertThat(failure("crate://db/s/t?PGHOST=other", true)).hasMessageContaining("PGHOST");
        }

        @Test
        void takesThePasswordFromCrateDbPassword() {
            var env = Map.of("CRATEDB_PASSWORD", PASSWORD, "PGPASSWORD", "other");

            assertThat(TargetSettings.parse("crate://db/s/t", true, env).password()).contains(PASSWORD);
            assertThat(TargetSettings.parse("crate://u:inurl@db/s/t", true, env).password()).contains("inurl");
        }

        @ParameterizedTest
        @ValueSource(strings = {"crate:///s/t", "crate://:5432/s/t", "crate://db:x/s/t", "crate://db:70000/s/t",
            "crate://d b/s/t"})
        void rejectsBadHostsAndPorts(String url) {
            assertThat(failure(url, true)).hasMessageContaining("Target URL");
        }

        @Test
        void makesACopyForAnotherTable() {
            var t = parse("crate://u:" + PASSWORD + "@db:5433/s?sslmode=require", false);

            var copy = t.withTable("other");

            assertThat(copy.table()).contains("other");
            assertThat(copy.schema()).isEqualTo("s");
            assertThat(copy.port()).isEqualTo(5433);
            assertThat(copy.password()).contains(PASSWORD);
            assertThat(copy.jdbcProperties()).containsEntry("sslmode", "require");
            assertThat(t.table()).isEmpty();
            assertThat(catchThrowableOfType(SettingsException.class, () -> t.withTable("a.b")))
                    .hasMessageContaining("table");
        }
    }

    @Nested
    class PostgresqlUrl {

        @Test
        void readsDatabaseSchemaAndTable() {
            var t = parse("postgresql://app:" + PASSWORD
                    + "@db.example.com:6543/appdb/public/events?sslmode=verify-full", true);

            assertThat(t.scheme()).isEqualTo("postgresql");
            assertThat(t.host()).isEqualTo("db.example.com");
            assertThat(t.port()).isEqualTo(6543);
            assertThat(t.user()).isEqualTo("app");
            assertThat(t.password()).contains(PASSWORD);
            assertThat(t.database()).isEqualTo("appdb");
            assertThat(t.schema()).isEqualTo("public");
            assertThat(t.table()).contains("events");
            assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/appdb?sslmode=verify-full");
        }

        @Test
        void acceptsThePostgresAliasAndDefaults() {
            var t = parse("postgres://db/appdb/s/t", true);

            assertThat(t.port()).isEqualTo(5432);
            assertThat(t.user()).isEqualTo("postgres");
            assertThat(t.database()).isEqualTo("appdb");
        }

        @Test
        void keepsPort4200() {
            assertThat(parse("postgresql://db:4200/d/s/t", true).port()).isEqualTo(4200);
        }

        @Test
        void acceptsDatabaseAndSchemaOrDatabaseAloneWhenTheTableIsOptional() {
            var withSchema = parse("postgresql://db/appdb/staging", false);
            var databaseOnly = parse("postgresql://db/appdb", false);

            assertThat(withSchema.schema()).isEqualTo("staging");
            assertThat(withSchema.table()).isEmpty();
            assertThat(databaseOnly.database()).isEqualTo("appdb");
            assertThat(databaseOnly.schema()).isEqualTo("public");
        }

        @Test
        void rejectsAMissingDatabase() {
            assertThat(failure("postgresql://db", false)).hasMessageContaining("needs a database");
        }

        @Test
        void rejectsAMissingTableWhenRequired() {
            assertThat(failure("postgresql://db/appdb/public", true)).hasMessageStartingWith(
                    "Target URL needs a table: postgresql://[user[:password]@]host[:port]/<database>/<schema>/<table>");
        }

        @Test
        void rejectsTooManyPathSegments() {
            assertThat(failure("postgresql://db/d/s/t/x", true)).hasMessageContaining("too many path segments");
        }

        @Test
        void takesThePasswordFromPgPassword() {
            var env = Map.of("PGPASSWORD", PASSWORD, "CRATEDB_PASSWORD", "other");

            assertThat(TargetSettings.parse("postgresql://db/d/s/t", true, env).password()).contains(PASSWORD);
        }

        @Test
        void acceptsTheRequirementAsAnEnum() {
            assertThat(TargetSettings.parse("postgresql://db/d/s", TableRequirement.OPTIONAL, Map.of()).table())
                    .isEmpty();
            assertThat(catchThrowableOfType(SettingsException.class,
                    () -> TargetSettings.parse("postgresql://db/d/s", TableRequirement.REQUIRED, Map.of())))
                    .hasMessageContaining("needs a table");
        }
    }

    @Nested
    class Secrets {

        @Test
        void rejectsAnUnknownSchemeListingTheSupportedOnesWithoutThePassword() {
            SettingsException e = failure("mysql://root:" + PASSWORD + "@db/s/t?password=" + PASSWORD, true);

            assertThat(e).hasMessageContaining("Unsupported target 'mysql://root:****@db/s/t?password=****'")
                    .hasMessageContaining("crate://").hasMessageContaining("postgresql://");
            assertThat(e.getMessage()).doesNotContain(PASSWORD);
        }

        @ParameterizedTest
        @ValueSource(strings = {"crate://u:" + PASSWORD + "@db/s", "crate://u:" + PASSWORD + "@db/a/b/c",
            "crate://u:" + PASSWORD + "@db//t", "crate://u:" + PASSWORD + "@db/s/t?foo=1",
            "crate://u:" + PASSWORD + "@db:99999/s/t", "crate://db/s/t?password=" + PASSWORD + "&user=a&x=",
            "postgresql://u:" + PASSWORD + "@db", "crate://u:" + PASSWORD + "%zz@db/s/t",
            "crate://u:" + PASSWORD + "@db/s/t?password=x"})
        void errorMessagesNeverContainThePassword(String url) {
            assertThat(failure(url, true).getMessage()).doesNotContain(PASSWORD);
        }

        @Test
        void toStringMasksThePassword() {
            var t = parse("crate://u:" + PASSWORD + "@db:4200/s/t?sslmode=require&sslpassword=" + PASSWORD, true);

            assertThat(t.toString()).contains("crate://u:****@db:5432/s/t").contains("sslmode=require")
                    .doesNotContain(PASSWORD);
        }
    }

    @Nested
    class DataSources {

        @Test
        void buildsAPoolWithoutConnecting() throws Exception {
            var t = parse("crate://u:" + PASSWORD + "@db.invalid:5433/s/t?sslmode=require&stringtype=unspecified",
                    true);

            try (HikariDataSource ds = (HikariDataSource) t.createDataSource("target-pool", 3)) {
                assertThat(ds.getPoolName()).isEqualTo("target-pool");
                assertThat(ds.getMaximumPoolSize()).isEqualTo(3);
                assertThat(ds.getMinimumIdle()).isBetween(0, 1);
                assertThat(ds.isAutoCommit()).isTrue();
                assertThat(ds.getConnectionTimeout()).isEqualTo(10_000);
                assertThat(ds.getInitializationFailTimeout()).isEqualTo(-1);
                assertThat(ds.getJdbcUrl()).as("no DriverManager lookup").isNull();
                PGSimpleDataSource pg = ds.unwrap(PGSimpleDataSource.class);
                assertThat(pg.getServerNames()).containsExactly("db.invalid");
                assertThat(pg.getPortNumbers()).containsExactly(5433);
                assertThat(pg.getDatabaseName()).isEqualTo("s");
                assertThat(pg.getUser()).isEqualTo("u");
                assertThat(pg.getPassword()).isEqualTo(PASSWORD);
                assertThat(pg.getApplicationName()).isEqualTo("kinesis-cratedb");
                assertThat(pg.getProperty("sslmode")).isEqualTo("require");
                assertThat(pg.getProperty("stringtype")).isEqualTo("unspecified");
            }
        }

        @Test
        void connectsToTheLocalPostgresql() throws Exception {
            var t = parse("postgresql://postgres@127.0.0.1:5432/test/public?ApplicationName=settings-test", false);

            DataSource ds = t.createDataSource("settings-test", 1);
            try (Connection connection = ds.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT 1, current_setting('application_name')")) {
                assertThat(connection.getAutoCommit()).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("settings-test");
            } finally {
                ((HikariDataSource) ds).close();
            }
        }
    }
}
