package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * TLS. Kinesis: kinesis-local's HTTPS port serves a self-signed certificate that no JVM trusts, like an emulator
 * or a proxy with a private CA would: {@code endpoint_url=https://...} fails with a certificate error by default, and
 * works with {@code tls_verify=false}, which logs a loud warning. Database: driver TLS options ({@code sslmode} ...)
 * pass through the target URL to the PostgreSQL JDBC driver; the test server has TLS off, so {@code sslmode=require}
 * must fail at once with the driver's reason instead of waiting for a database that is there.
 */
class TlsTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @BeforeAll
    static void stream() throws Exception {
        KINESIS.createStream("secure", 1);
        KINESIS.putJson("secure", "{\"a\":1}", "{\"a\":2}");
    }

    private static String https(String... extra) {
        return KINESIS.sourceUrl("secure", extra).replace(KINESIS.endpoint().toString(),
                KINESIS.tlsEndpoint().toString());
    }

    private static List<String> errorLines(CliProcess cli) {
        return cli.stderr().lines().filter(line -> line.startsWith("Error: ")).toList();
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() throws Exception {
        long start = System.nanoTime();
        CliProcess cli = CliProcess.run(BOUND, "load", https(), DB.targetUrl("refused"));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(cli.exitCode()).as(cli.output()).isEqualTo(1);
        assertThat(errorLines(cli)).as(cli.output()).hasSize(1);
        System.out.println("tls: " + errorLines(cli).get(0));
        assertThat(errorLines(cli).get(0)).startsWith("Error: TLS handshake with "
                        + KINESIS.tlsEndpoint() + " failed: ")
                .contains("certification path")
                .endsWith("; for an emulator with a self-signed certificate add tls_verify=false to the source URL "
                        + "(turns certificate checks off)")
                .doesNotContain("SunCertPathBuilderException", "Unable to execute HTTP request");
        assertThat(cli.output()).doesNotContain("\tat ");
        assertThat(Rows.tableExists(DB, "refused")).isFalse();
        // Retrying does not make a certificate trusted: no 30 s of retries as for a network error.
        assertThat(seconds).as("seconds until the error").isLessThan(20);
    }

    @Test
    void tlsVerifyFalseLoadsWithALoudWarning() throws Exception {
        CliProcess cli = CliProcess.run(BOUND, "load", https("tls_verify=false"), DB.targetUrl("trusted"));

        assertThat(cli.exitCode()).as(cli.output()).isZero();
        assertThat(cli.stdout()).contains("2 records read, 2 rows written");
        assertThat(cli.stderr()).contains("WARN").contains("TLS certificate checks for the Kinesis endpoint are OFF");
        assertThat(Rows.count(DB, "trusted")).isEqualTo(2);
    }

    @Test
    void databaseTlsOptionsReachTheDriver() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(DB.isCrateDb(), "the PostgreSQL test server has TLS off");
        CliProcess required = CliProcess.run(BOUND, "load", KINESIS.sourceUrl("secure"),
                DB.targetUrl("tlsdb") + "?sslmode=require");
        assertThat(required.exitCode()).as(required.output()).isEqualTo(1);
        assertThat(errorLines(required)).hasSize(1);
        assertThat(errorLines(required).get(0)).contains("refused the connection").contains("SSL");
        System.out.println("tls: " + errorLines(required).get(0));

        CliProcess disabled = CliProcess.run(BOUND, "load", KINESIS.sourceUrl("secure"),
                DB.targetUrl("tlsdb") + "?sslmode=disable");
        assertThat(disabled.exitCode()).as(disabled.output()).isZero();
        assertThat(Rows.count(DB, "tlsdb")).isEqualTo(2);
    }
}
