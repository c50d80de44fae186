package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Secrets never leak: runs of {@code load} (each a JVM of its own, so that everything it prints is captured:
 * stdout, stderr, the log in both formats, errors) are given distinctive secrets, an AWS secret key, a session token
 * and a database password, on the command line or in the environment, and their whole output is searched for them.
 * (PostgreSQL here trusts local connections, so the database password is accepted and never checked.)
 */
class SecretsTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final String AWS_SECRET = "kcrAwsSecret7f3e9c2bQ";
    static final String SESSION_TOKEN = "kcrSessionToken5d1aZ";
    static final String DB_PASSWORD = "kcrDbPassword9e8fX";
    static final List<String> SECRETS = List.of(AWS_SECRET, SESSION_TOKEN, DB_PASSWORD);

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @BeforeAll
    static void stream() throws Exception {
        KINESIS.createStream("secret", 1);
        KINESIS.putJson("secret", "{\"a\":1}", "{\"a\":2}");
    }

    private static String source(String stream, String... extra) {
        return KINESIS.sourceUrl(stream, extra).replace("aws_secret_access_key=" + KinesisEmulator.SECRET_KEY,
                "aws_secret_access_key=" + AWS_SECRET + "&aws_session_token=" + SESSION_TOKEN);
    }

    private static String target(String table) {
        return DB.targetUrl(table).replaceFirst("://([^@:]+)@", "://$1:" + DB_PASSWORD + "@");
    }

    private final List<String> checked = new ArrayList<>();

    private void assertNoSecrets(String what, CliProcess cli) {
        String output = cli.output();
        assertThat(output).as("%s printed something", what).isNotBlank();
        for (String secret : SECRETS) {
            assertThat(output).as("%s leaks a secret; it printed:%n%s", what, output).doesNotContain(secret);
        }
        checked.add(what + " (" + output.lines().count() + " lines)");
    }

    @Test
    void noRunPrintsASecret() throws Exception {
        CliProcess ok = CliProcess.run(BOUND, "load", "--verbose", source("secret", "checkpointer=cratedb",
                "checkpointer-schema=" + DB.schema()), target("secret"));
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.stdout()).contains("2 records read");
        assertThat(ok.stderr()).contains("secretAccessKey=****").contains("sessionToken=****");
        assertNoSecrets("a successful load --verbose", ok);

        CliProcess json = CliProcess.run(BOUND, "load", "--log-json", "--verbose", source("secret"), target("secret"));
        assertThat(json.exitCode()).as(json.output()).isZero();
        assertNoSecrets("a successful load --log-json --verbose", json);

        CliProcess quiet = CliProcess.run(BOUND, "load", "--quiet", source("secret"), target("secret"));
        assertNoSecrets("the summary line (--quiet)", quiet);

        CliProcess unknownStream = CliProcess.run(BOUND, "load", "--verbose", source("no-such-stream"),
                target("secret"));
        assertThat(unknownStream.exitCode()).isEqualTo(1);
        assertNoSecrets("a failing load --verbose (unknown stream, with its stack trace)", unknownStream);

        CliProcess badParameter = CliProcess.run(BOUND, "load", source("secret", "colour=blue"),
                target("secret") + "?sslmode=bogus&nonsense=1");
        assertThat(badParameter.exitCode()).isEqualTo(2);
        assertNoSecrets("a usage error", badParameter);

        CliProcess badTarget = CliProcess.run(BOUND, "load", source("secret"),
                target("secret").replace("postgresql://", "postgresq://"));
        assertThat(badTarget.exitCode()).isEqualTo(2);
        assertNoSecrets("an unsupported target scheme", badTarget);

        CliProcess refused = CliProcess.run(BOUND, "load", "--verbose", source("secret"),
                target("secret").replaceFirst("://[^:]+:", "://nobody_kcr:"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertNoSecrets("a refused database login --verbose", refused);

        CliProcess help = CliProcess.run(BOUND, "load", "--help");
        assertThat(help.exitCode()).isZero();
        assertNoSecrets("load --help", help);

        CliProcess fromEnvironment = CliProcess.run(BOUND, Map.of("AWS_ACCESS_KEY_ID", "test",
                        "AWS_SECRET_ACCESS_KEY", AWS_SECRET, "AWS_SESSION_TOKEN", SESSION_TOKEN,
                        "PGPASSWORD", DB_PASSWORD), List.of(),
                "load", "--verbose", KINESIS.sourceUrl("secret").replaceAll("aws_access_key_id=[^&]+&", "")
                        .replaceAll("aws_secret_access_key=[^&]+&", ""), DB.targetUrl("secret"));
        assertThat(fromEnvironment.exitCode()).as(fromEnvironment.output()).isZero();
        assertNoSecrets("credentials from the environment (AWS_*, PGPASSWORD)", fromEnvironment);

        checked.forEach(line -> System.out.println("secrets: none in " + line));
    }
}
