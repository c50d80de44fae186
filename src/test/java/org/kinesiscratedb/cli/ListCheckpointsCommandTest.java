package org.kinesiscratedb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.checkpoint.JdbcCheckpointStore;
import org.kinesiscratedb.testing.TestDatabase;

class ListCheckpointsCommandTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Instant WRITTEN = Instant.parse("2025-06-01T10:00:00.123Z");
    private static final String BIG = "49590338271490256608559692538361571095921575989136588898";

    private JdbcCheckpointStore store;

    @BeforeEach
    void emptyTable() throws Exception {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + DB.dialect().qualified(DB.schema(), JdbcCheckpointStore.TABLE));
        }
        store = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema(),
                Clock.fixed(WRITTEN, ZoneOffset.UTC));
        store.open();
    }

    private CommandRun.Result list(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "kinesis";
        args[1] = "list-checkpoints";
        System.arraycopy(options, 0, args, 2, options.length);
        return new CommandRun().execute(args);
    }

    @Test
    void printsTheRowsAsAnIndentedJsonArrayOrderedByNamespaceAndShard() {
        store.save("payments", Map.of("shardId-000000000000", "7"));
        store.save("orders", Map.of("shardId-000000000001", BIG, "shardId-000000000000", "10"));
        store.deactivate("orders", java.util.List.of("shardId-000000000001"));

        CommandRun.Result result = list("--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                [
                  {
                    "namespace": "orders",
                    "shard_id": "shardId-000000000000",
                    "sequence": "10",
                    "active": true,
                    "updated_at": "2025-06-01T10:00:00.123000+00:00"
                  },
                  {
                    "namespace": "orders",
                    "shard_id": "shardId-000000000001",
                    "sequence": "%s",
                    "active": false,
                    "updated_at": "2025-06-01T10:00:00.123000+00:00"
                  },
                  {
                    "namespace": "payments",
                    "shard_id": "shardId-000000000000",
                    "sequence": "7",
                    "active": true,
                    "updated_at": "2025-06-01T10:00:00.123000+00:00"
                  }
                ]
                """.formatted(BIG));
    }

    @Test
    void theAliasLsFiltersByNamespace() {
        store.save("orders", Map.of("s-1", "1"));
        store.save("orders-2", Map.of("s-1", "2"));

        CommandRun.Result result = new CommandRun()
                .execute("kinesis", "ls", "--namespace", "orders-2", "--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"namespace\": \"orders-2\"").doesNotContain("\"namespace\": \"orders\"");
    }

    @Test
    void showsRowsCratedbToolkitWroteWithoutASequenceAsNull() throws Exception {
        try (Connection connection = DB.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + store.qualifiedTable() + " (\"namespace\", \"shard_id\", \"sequence\", \"active\")"
                        + " VALUES (?, ?, NULL, TRUE)")) {
            insert.setString(1, "orders");
            insert.setString(2, "s-1");
            insert.executeUpdate();
        }

        CommandRun.Result result = list("--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"sequence\": null,").containsPattern(
                "\"updated_at\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00\"");
    }

    @Test
    void saysSoWhenThereAreNoRows() {
        CommandRun.Result result = list("--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No checkpoints found.\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void saysSoWhenNoRowHasTheNamespace() {
        store.save("orders", Map.of("s-1", "1"));

        CommandRun.Result result = list("--namespace", "ord", "--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No checkpoints found.\n");
    }

    @Test
    void aMissingTableIsReportedOnStderrWithExitCode1() {
        String schema = DB.schema() + "_none";

        CommandRun.Result result = list("--schema", schema, DB.databaseUrl());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("Checkpoint table \"" + schema + "\".\"kinesis_checkpoints\" does not exist\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void takesTheDatabaseAndSchemaFromTheEnvironment() {
        store.save("orders", Map.of("s-1", "1"));

        CommandRun.Result result = new CommandRun()
                .env("CRATEDB_URI", DB.databaseUrl())
                .env("CRATEDB_EXT_SCHEMA", DB.schema())
                .execute("kinesis", "list-checkpoints");

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"shard_id\": \"s-1\"");
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        store.save("orders", Map.of("s-1", "1"));

        CommandRun.Result result = new CommandRun()
                .env("CRATEDB_URI", "crate://nowhere.invalid:4200")
                .env("CRATEDB_EXT_SCHEMA", DB.schema() + "_other")
                .execute("kinesis", "list-checkpoints", "--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"shard_id\": \"s-1\"");
    }

    @Test
    void theSchemaDefaultsToExt() {
        CommandRun.Result result = list("--verbose", DB.databaseUrl());

        assertThat(result.err()).startsWith("Checkpoint table \"ext\".\"kinesis_checkpoints\" in ");
        assertThat(result.exitCode()).isIn(0, 1);
    }

    @Test
    void withoutADatabaseUrlItIsAUsageError() {
        CommandRun.Result result = list("--schema", DB.schema());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'DBURI' (or set CRATEDB_URI)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aSchemaOutsideThePatternIsAUsageError() {
        CommandRun.Result result = list("--schema", "ext\"; DROP TABLE x; --", DB.databaseUrl());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Error: --schema: 'ext\"; DROP TABLE x; --' is not allowed; it must match");
    }

    @Test
    void anUnusableDatabaseUrlIsAUsageError() {
        CommandRun.Result result = list("--schema", DB.schema(), "mysql://localhost/x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Error: ");
    }

    @Test
    void helpDescribesTheOptions() {
        CommandRun.Result result = new CommandRun().execute("kinesis", "ls", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("list-checkpoints", "DBURI", "--schema", "--namespace", "--verbose",
                "CRATEDB_URI", "CRATEDB_EXT_SCHEMA");
    }

    @Test
    void kinesisWithoutASubcommandShowsItsUsageAsAUsageError() {
        CommandRun.Result result = new CommandRun().execute("kinesis");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("list-checkpoints", "prune-checkpoints");
    }
}
