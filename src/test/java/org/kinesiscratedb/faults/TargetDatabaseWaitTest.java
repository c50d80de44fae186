package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.TargetSettings;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Connecting at start: an unreachable database is waited for (forever, or at most a bound for a bounded load), but
 * a server that refuses the connection for a reason waiting cannot fix is an error at once.
 */
class TargetDatabaseWaitTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableDatabaseIsWaitedForAtMostTheBound() throws Exception {
        int port = unusedPort();
        TargetSettings settings = TargetSettings.parse(DB.targetUrlVia(port, "t"), true);
        long start = System.nanoTime();

        assertThatThrownBy(() -> TargetDatabase.connect(settings, "wait-test", 1, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot reach the database at")
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("waited 3 s");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isBetween(2.9, 8.0);
    }

    @Test
    void anUnknownUserIsAnErrorAtOnceEvenWithoutABound() throws Exception {
        TargetSettings settings = TargetSettings.parse(DB.targetUrl("t").replaceFirst("://[^@]+@",
                "://nobody_kcr:pw@"), true);
        long start = System.nanoTime();

        assertThatThrownBy(() -> TargetDatabase.connect(settings, "wait-test", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the connection")
                .hasMessageContaining("nobody_kcr")
                .hasMessageNotContaining(":pw@");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }

    @Test
    void tlsThatTheServerCannotGiveIsAnErrorAtOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(DB.isCrateDb(), "the PostgreSQL test server has TLS off");
        TargetSettings settings = TargetSettings.parse(DB.targetUrl("t") + "?sslmode=require", true);

        assertThatThrownBy(() -> TargetDatabase.connect(settings, "wait-test", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the connection")
                .hasMessageContaining("SSL");
    }

    @Test
    void aReachableDatabaseConnects() throws Exception {
        try (TargetDatabase database = TargetDatabase.connect(TargetSettings.parse(DB.targetUrl("t"), true),
                "wait-test", 1, Duration.ofSeconds(3))) {
            assertThat(database.dialect()).isNotNull();
        }
    }
}
