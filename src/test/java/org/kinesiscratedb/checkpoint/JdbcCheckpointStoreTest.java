package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.TestDatabase;

/** The store contract on the test database, plus what only a table can do (be missing). */
class JdbcCheckpointStoreTest extends CheckpointStoreContractTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Override
    CheckpointStore emptyStore(MutableClock clock) throws Exception {
        dropTable(DB.schema());
        return new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema(), clock);
    }

    private static void dropTable(String schema) throws Exception {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + DB.dialect().qualified(schema, JdbcCheckpointStore.TABLE));
        }
    }

    @Test
    void openCreatesTheTableAndItsSchema() throws Exception {
        String schema = DB.schema() + "_new";
        JdbcCheckpointStore fresh = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), schema);
        try {
            assertThat(fresh.tableExists()).isFalse();

            fresh.open();
            fresh.open();

            assertThat(fresh.tableExists()).isTrue();
            fresh.save("orders", Map.of("s-1", "1"));
            assertThat(fresh.load("orders")).containsOnlyKeys("s-1");
        } finally {
            DB.dropSchema(schema);
        }
    }

    @Test
    void listCountAndDeleteReportAMissingTableByName() throws Exception {
        String schema = DB.schema() + "_missing";
        JdbcCheckpointStore missing = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), schema);
        String message = "Checkpoint table \"" + schema + "\".\"kinesis_checkpoints\" does not exist";

        assertThatThrownBy(() -> missing.list(Optional.empty()))
                .isInstanceOf(CheckpointTableMissingException.class).hasMessage(message);
        assertThatThrownBy(() -> missing.count(inNamespace("orders")))
                .isInstanceOf(CheckpointTableMissingException.class).hasMessage(message);
        assertThatThrownBy(() -> missing.delete(inNamespace("orders")))
                .isInstanceOf(CheckpointTableMissingException.class).hasMessage(message);
    }

    @Test
    void createDetectsTheDialect() {
        JdbcCheckpointStore detected = JdbcCheckpointStore.create(DB.dataSource(), DB.schema());

        assertThat(detected.toString()).contains(DB.dialect().name());
        assertThat(detected.tableExists()).isTrue();
    }

    @Test
    void aSaveAcrossManyShardsIsOneBatchThatWritesEveryRow() {
        Map<String, String> many = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            many.put(String.format("shardId-%012d", i), Integer.toString(1000 + i));
        }

        store.save("orders", many);

        assertThat(store.load("orders")).hasSize(300);
        assertThat(store.load("orders").get("shardId-000000000299").sequence()).isEqualTo("1299");
    }

    @Test
    void failuresNameTheTableAndKeepTheCause() throws Exception {
        DataSource down = mock(DataSource.class);
        when(down.getConnection()).thenThrow(new SQLException("connection refused"));
        JdbcCheckpointStore unreachable = new JdbcCheckpointStore(down, DB.dialect(), "ext");

        assertThatThrownBy(() -> unreachable.save("orders", Map.of("s-1", "1")))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessage("Could not save the checkpoints of 'orders' to \"ext\".\"kinesis_checkpoints\": "
                        + "connection refused")
                .hasCauseInstanceOf(SQLException.class);
    }
}
