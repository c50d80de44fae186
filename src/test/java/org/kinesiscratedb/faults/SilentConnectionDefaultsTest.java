package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.target.TargetSettings;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database connections give up on a silent peer by default (NetworkPartitionTest shows why), and a URL can
 * choose another limit.
 */
class SilentConnectionDefaultsTest {

    @Test
    void aStatementWaitsAtMostTheDefaultSocketTimeout() throws Exception {
        TargetSettings settings = TargetSettings.parse("crate://crate@db.invalid/doc/t", true);
        try (HikariDataSource pool = (HikariDataSource) settings.createDataSource("defaults-test", 1)) {
            assertThat(pool.unwrap(PGSimpleDataSource.class).getSocketTimeout())
                    .isEqualTo(TargetSettings.DEFAULT_SOCKET_TIMEOUT_SECONDS).isEqualTo(60);
        }
    }

    @Test
    void theUrlMayChooseAnotherSocketTimeout() throws Exception {
        TargetSettings settings = TargetSettings.parse("crate://crate@db.invalid/doc/t?socketTimeout=0", true);
        try (HikariDataSource pool = (HikariDataSource) settings.createDataSource("defaults-test", 1)) {
            assertThat(pool.unwrap(PGSimpleDataSource.class).getSocketTimeout()).isZero();
        }
    }
}
