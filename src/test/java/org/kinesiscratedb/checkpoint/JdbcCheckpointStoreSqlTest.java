package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.target.CrateDbDialect;
import org.kinesiscratedb.target.PostgresDialect;

/** The checkpoint SQL, as text: the table must stay exactly the one cratedb-toolkit creates. */
class JdbcCheckpointStoreSqlTest {

    private static final String EXT_TABLE = "\"ext\".\"kinesis_checkpoints\"";
    private static final DataSource NO_DATABASE = mock(DataSource.class);

    @Test
    void tableDefinitionIsTheOneOfCratedbToolkit() {
        assertThat(String.format(JdbcCheckpointStore.CREATE_TABLE, EXT_TABLE)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS \"ext\".\"kinesis_checkpoints\" (\n"
                + "  \"namespace\" TEXT NOT NULL, \"shard_id\" TEXT NOT NULL, \"sequence\" TEXT,\n"
                + "  \"active\" BOOLEAN DEFAULT TRUE,"
                + " \"updated_at\" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,\n"
                + "  PRIMARY KEY (\"namespace\", \"shard_id\"))");
    }

    @Test
    void saveIsOneUpsertPerShardThatReplacesSequenceActiveAndTime() {
        assertThat(String.format(JdbcCheckpointStore.UPSERT, EXT_TABLE)).isEqualTo(
                "INSERT INTO \"ext\".\"kinesis_checkpoints\" (\"namespace\", \"shard_id\", \"sequence\", \"active\","
                + " \"updated_at\") VALUES (?, ?, ?, ?, ?) ON CONFLICT (\"namespace\", \"shard_id\") DO UPDATE SET"
                + " \"sequence\" = excluded.\"sequence\", \"active\" = excluded.\"active\","
                + " \"updated_at\" = excluded.\"updated_at\"");
    }

    @Test
    void deactivateUpdatesByTheFullPrimaryKeyAndLeavesTheSequence() {
        assertThat(String.format(JdbcCheckpointStore.DEACTIVATE, EXT_TABLE))
                .isEqualTo("UPDATE \"ext\".\"kinesis_checkpoints\" SET \"active\" = FALSE, \"updated_at\" = ?"
                        + " WHERE \"namespace\" = ? AND \"shard_id\" = ?")
                .doesNotContain("\"sequence\"");
    }

    @Test
    void listingIsOrderedByNamespaceAndShard() {
        assertThat(String.format(JdbcCheckpointStore.SELECT_NAMESPACE, EXT_TABLE))
                .isEqualTo("SELECT \"namespace\", \"shard_id\", \"sequence\", \"active\", \"updated_at\""
                        + " FROM \"ext\".\"kinesis_checkpoints\" WHERE \"namespace\" = ?"
                        + " ORDER BY \"namespace\", \"shard_id\"");
        assertThat(String.format(JdbcCheckpointStore.SELECT_ALL, EXT_TABLE))
                .endsWith("FROM \"ext\".\"kinesis_checkpoints\" ORDER BY \"namespace\", \"shard_id\"");
    }

    @Test
    void everyStatementTakesTheTableAsItsOnlyIdentifier() {
        for (String sql : new String[] {JdbcCheckpointStore.UPSERT, JdbcCheckpointStore.DEACTIVATE,
                JdbcCheckpointStore.SELECT_ALL, JdbcCheckpointStore.SELECT_NAMESPACE}) {
            assertThat(sql).containsOnlyOnce("%s").doesNotContain("'");
        }
    }

    @Test
    void theTableIsQuotedTheSameOnBothDatabases() {
        assertThat(new JdbcCheckpointStore(NO_DATABASE, new CrateDbDialect(), "ext").qualifiedTable())
                .isEqualTo(EXT_TABLE);
        assertThat(new JdbcCheckpointStore(NO_DATABASE, new PostgresDialect(), "my-ext_1").qualifiedTable())
                .isEqualTo("\"my-ext_1\".\"kinesis_checkpoints\"");
    }

    @Test
    void schemasOutsideTheAllowedPatternAreRejected() {
        for (String schema : new String[] {"", "1ext", "ext\"; DROP TABLE x; --", "e.x", "ext space"}) {
            assertThatThrownBy(() -> new JdbcCheckpointStore(NO_DATABASE, new PostgresDialect(), schema))
                    .as(schema)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("^[a-zA-Z_][a-zA-Z0-9_-]*$");
        }
    }
}
