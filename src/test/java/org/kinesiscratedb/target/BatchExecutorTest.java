package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batch and re-send logic against update counts as CrateDB returns them (cratedb.md §8). */
class BatchExecutorTest {

    private final Dialect dialect = new CrateDbDialect();
    private final Connection connection = mock(Connection.class);
    private final PreparedStatement batch = mock(PreparedStatement.class);
    private final PreparedStatement single = mock(PreparedStatement.class);
    private final List<String> written = new ArrayList<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final List<String> bound = new ArrayList<>();
    private String current;

    @BeforeEach
    void statements() throws SQLException {
        when(connection.prepareStatement(anyString())).thenReturn(batch, single);
    }

    private void run(List<String> items) throws SQLException {
        BatchExecutor.execute(connection, dialect, "INSERT ...", items, (statement, item) -> {
            current = item;
            bound.add(item);
        }, new BatchExecutor.Outcome<>() {
            @Override
            public void written(String item) {
                written.add(item);
            }

            @Override
            public void failed(String item, String reason) {
                failed.put(item, reason);
            }
        });
    }

    @Test
    void trustsOnlyCountsOfOneAndResendsRowsThatReturnedZero() throws SQLException {
        when(batch.executeBatch()).thenReturn(new int[] {1, 0, 1});
        when(single.executeUpdate()).thenReturn(1);

        run(List.of("a", "b", "c"));

        assertThat(written).containsExactly("a", "c", "b");
        assertThat(failed).isEmpty();
        assertThat(bound).containsExactly("a", "b", "c", "b");
    }

    @Test
    void deadLettersARowThatStoresNothingAlone() throws SQLException {
        when(batch.executeBatch()).thenReturn(new int[] {1, 0});
        when(single.executeUpdate()).thenReturn(0);

        run(List.of("a", "b"));

        assertThat(written).containsExactly("a");
        assertThat(failed).containsExactly(Map.entry("b", BatchExecutor.NOT_STORED));
    }

    @Test
    void isolatesTheBadRowAfterABatchUpdateException() throws SQLException {
        SQLException cast = new SQLException("Cannot cast value n/a to type bigint", "XX000");
        BatchUpdateException failure = new BatchUpdateException("Batch entry 1 ... was aborted",
                "XX000", new int[] {1, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED});
        failure.setNextException(cast);
        when(batch.executeBatch()).thenThrow(failure);
        when(single.executeUpdate()).thenAnswer(call -> {
            if (current.equals("c")) {
                throw cast;
            }
            return 1;
        });

        run(List.of("a", "b", "c", "d"));

        assertThat(written).containsExactly("a", "b", "d");
        assertThat(failed).containsExactly(Map.entry("c", "Cannot cast value n/a to type bigint"));
    }

    @Test
    void treatsRowsMissingFromShortUpdateCountsAsNotWritten() throws SQLException {
        BatchUpdateException failure = new BatchUpdateException("aborted", "22P02", new int[] {1});
        when(batch.executeBatch()).thenThrow(failure);
        when(single.executeUpdate()).thenReturn(1);

        run(List.of("a", "b", "c"));

        assertThat(written).containsExactly("a", "b", "c");
        assertThat(bound).containsExactly("a", "b", "c", "b", "c");
    }

    @Test
    void rethrowsAnOutageAfterReportingWhatWasWritten() throws SQLException {
        BatchUpdateException failure = new BatchUpdateException("I/O error", "08006", new int[] {1, -3});
        when(batch.executeBatch()).thenThrow(failure);

        assertThatThrownBy(() -> run(List.of("a", "b"))).isSameAs(failure);
        assertThat(written).containsExactly("a");
        assertThat(failed).isEmpty();
    }

    @Test
    void rethrowsASystemicErrorOfASingleRowInsteadOfDeadLettering() throws SQLException {
        when(batch.executeBatch()).thenReturn(new int[] {0});
        SQLException denied = new SQLException("permission denied for table demo", "42501");
        when(single.executeUpdate()).thenThrow(denied);

        assertThatThrownBy(() -> run(List.of("a"))).isSameAs(denied);
        assertThat(failed).isEmpty();
    }

    @Test
    void neverCountsSuccessNoInfoAsWritten() throws SQLException {
        when(batch.executeBatch()).thenReturn(new int[] {Statement.SUCCESS_NO_INFO});
        when(single.executeUpdate()).thenReturn(1);

        run(List.of("a"));

        assertThat(bound).containsExactly("a", "a");
        assertThat(written).containsExactly("a");
    }

    @Test
    void neverCallsSetNullOrOtherBindsForUnusedIndexes() throws SQLException {
        when(batch.executeBatch()).thenReturn(new int[] {1});

        run(List.of("a"));

        org.mockito.Mockito.verify(batch, org.mockito.Mockito.never()).setNull(anyInt(), anyInt());
        org.mockito.Mockito.verify(connection, org.mockito.Mockito.times(1)).prepareStatement(anyString());
    }
}
