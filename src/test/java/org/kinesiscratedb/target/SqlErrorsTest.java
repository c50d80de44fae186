package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    private final Dialect postgres = new PostgresDialect();
    private final Dialect crate = new CrateDbDialect();

    @Test
    void connectionProblemsAreOutages() {
        assertThat(SqlErrors.isOutage(new SQLTransientConnectionException("HikariPool-1 - Connection is not "
                + "available, request timed out after 30000ms."))).isTrue();
        assertThat(SqlErrors.isOutage(new SQLException("Connection to 127.0.0.1:5432 refused.", "08001"))).isTrue();
        assertThat(SqlErrors.isOutage(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(SqlErrors.isOutage(new SQLException("An I/O error occurred", null,
                new ConnectException("Connection refused")))).isTrue();
        assertThat(SqlErrors.isOutage(new SQLException("wrapped", null, new RuntimeException(new IOException()))))
                .isTrue();
    }

    @Test
    void dataErrorsAreNeitherOutagesNorSystemic() {
        SQLException cast = new SQLException("Cannot cast value n/a to type bigint", "XX000");
        SQLException invalid = new SQLException("invalid input syntax for type bigint", "22P02");

        assertThat(SqlErrors.isDataError(cast, crate)).isTrue();
        assertThat(SqlErrors.isDataError(invalid, postgres)).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("duplicate key", "23505"), postgres)).isTrue();
    }

    @Test
    void tableAndPermissionProblemsAreSystemic() {
        assertThat(SqlErrors.isSystemic(new SQLException("permission denied", "42501"), postgres)).isTrue();
        assertThat(SqlErrors.isSystemic(new SQLException("relation does not exist", "42P01"), postgres)).isTrue();
        assertThat(SqlErrors.isSystemic(new SQLException("Column newcol unknown", "42703"), crate)).isTrue();
        assertThat(SqlErrors.isSystemic(new SQLException("deadlock detected", "40P01"), postgres)).isTrue();
        assertThat(SqlErrors.isSystemic(new SQLException("Missing 'DML' privilege for user 'bob'", "XX000"), crate))
                .isTrue();
        assertThat(SqlErrors.isTableMissing(new SQLException("Relation 'doc.t' unknown", "42P01"))).isTrue();
    }

    @Test
    void aBatchIsJudgedByItsFirstStatementsError() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO secret SQL was aborted",
                "XX000", new int[0]);
        batch.setNextException(new SQLException("Cannot cast value n/a to type bigint", "XX000"));

        assertThat(SqlErrors.serverMessage(batch)).isEqualTo("Cannot cast value n/a to type bigint");
        assertThat(SqlErrors.describe(batch)).isEqualTo("[XX000] Cannot cast value n/a to type bigint");
    }
}
