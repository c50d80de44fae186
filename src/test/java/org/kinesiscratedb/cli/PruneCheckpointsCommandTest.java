package org.kinesiscratedb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.checkpoint.Checkpoint;
import org.kinesiscratedb.checkpoint.JdbcCheckpointStore;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * Rows: orders/old-inactive and payments/old-inactive written 30 days ago and deactivated; orders/old-active
 * written 30 days ago and still active; orders/fresh-inactive written and deactivated now.
 */
class PruneCheckpointsCommandTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HINT = ". Use a combination of Nw, Nd, Nh, Nm, Ns (e.g. '7d', '24h', '2w', '1d12h').";

    private JdbcCheckpointStore store;

    @BeforeEach
    void seedRows() throws Exception {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + DB.dialect().qualified(DB.schema(), JdbcCheckpointStore.TABLE));
        }
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        JdbcCheckpointStore past = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema(),
                Clock.fixed(monthAgo, ZoneOffset.UTC));
        store = new JdbcCheckpointStore(DB.dataSource(), DB.dialect(), DB.schema());
        store.open();
        past.save("orders", Map.of("old-inactive", "1", "old-active", "2"));
        past.deactivate("orders", List.of("old-inactive"));
        past.save("payments", Map.of("old-inactive", "3"));
        past.deactivate("payments", List.of("old-inactive"));
        store.save("orders", Map.of("fresh-inactive", "4"));
        store.deactivate("orders", List.of("fresh-inactive"));
    }

    private CommandRun.Result prune(CommandRun run, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "kinesis";
        args[1] = "prune-checkpoints";
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = "--schema";
        args[options.length + 3] = DB.schema();
        args[options.length + 4] = DB.databaseUrl();
        return run.execute(args);
    }

    private CommandRun.Result prune(String... options) {
        return prune(new CommandRun(), options);
    }

    private List<String> remaining() {
        return store.list(Optional.empty()).stream().map(row -> row.namespace() + "/" + row.shardId()).toList();
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void needsAnAgeOrANamespace() {
        CommandRun.Result result = prune("--yes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("At least one of --older-than or --namespace is required");
        assertThat(remaining()).hasSize(4);
    }

    @Test
    void withoutADatabaseUrlItIsAUsageError() {
        CommandRun.Result result = new CommandRun().execute("kinesis", "prune", "--older-than", "7d");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'DBURI' (or set CRATEDB_URI)");
    }

    @Test
    void anInvalidAgeFailsWithTheOriginalTextAndExitCode1() {
        CommandRun.Result malformed = prune("--older-than", "7D", "--yes");
        CommandRun.Result zero = prune("--older-than", "0d", "--yes");

        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.err()).isEqualTo("Error: Invalid duration: '7D'" + HINT + "\n");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err()).isEqualTo("Error: Duration must be positive, got: '0d'\n");
        assertThat(remaining()).hasSize(4);
    }

    @Test
    void dryRunCountsOldInactiveRowsAndPrintsTheCutoff() throws Exception {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusDays(7);

        CommandRun.Result result = prune("--older-than", "7d", "--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("\\{\n  \"would_delete\": 2,\n"
                + "  \"cutoff\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00\"\n}\n");
        OffsetDateTime cutoff = OffsetDateTime.parse(json(result.out()).get("cutoff").asText());
        assertThat(cutoff).isCloseTo(before, within(1, ChronoUnit.MINUTES));
        assertThat(remaining()).hasSize(4);
    }

    @Test
    void dryRunWithOnlyANamespaceHasNoCutoff() {
        CommandRun.Result result = prune("--namespace", "orders", "--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\n  \"would_delete\": 2\n}\n");
    }

    @Test
    void dryRunCountsActiveRowsWhenIncluded() throws Exception {
        CommandRun.Result result = prune("--older-than", "1w", "--include-active", "--dry-run");

        assertThat(json(result.out()).get("would_delete").asLong()).isEqualTo(3);
    }

    @Test
    void yesDeletesOnlyOldInactiveRowsWithoutAsking() throws Exception {
        CommandRun.Result result = prune("--older-than", "7d", "--yes");

        assertThat(result.exitCode()).isZero();
        assertThat(json(result.out()).get("deleted").asLong()).isEqualTo(2);
        assertThat(json(result.out()).has("cutoff")).isTrue();
        assertThat(result.out()).startsWith("{\n  \"deleted\": 2,\n  \"cutoff\": ").doesNotContain("[y/N]");
        assertThat(remaining()).containsExactly("orders/fresh-inactive", "orders/old-active");
    }

    @Test
    void includeActiveAlsoDeletesRowsARelayOwns() throws Exception {
        CommandRun.Result result = prune("--older-than", "7d", "--include-active", "-y");

        assertThat(json(result.out()).get("deleted").asLong()).isEqualTo(3);
        assertThat(remaining()).containsExactly("orders/fresh-inactive");
    }

    @Test
    void namespaceAndAgeTogetherNarrowTheRows() throws Exception {
        CommandRun.Result result = prune("--namespace", "orders", "--older-than", "24h", "--yes");

        assertThat(json(result.out()).get("deleted").asLong()).isEqualTo(1);
        assertThat(remaining()).containsExactly("orders/fresh-inactive", "orders/old-active", "payments/old-inactive");
    }

    @Test
    void theAliasPruneWorks() throws Exception {
        CommandRun.Result result = new CommandRun().execute("kinesis", "prune", "--namespace", "payments", "--yes",
                "--schema", DB.schema(), DB.databaseUrl());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\n  \"deleted\": 1\n}\n");
        assertThat(remaining()).doesNotContain("payments/old-inactive");
    }

    @Test
    void asksFirstAndDeletesWhenTheAnswerIsYes() throws Exception {
        CommandRun.Result result = prune(new CommandRun().stdin("y\n"), "--older-than", "7d");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Delete 2 checkpoint row(s)? [y/N]: {\n  \"deleted\": 2,");
        assertThat(remaining()).hasSize(2);
    }

    @Test
    void acceptsYesSpelledOutInAnyCase() {
        CommandRun.Result result = prune(new CommandRun().stdin(" YES \n"), "--namespace", "payments");

        assertThat(result.exitCode()).isZero();
        assertThat(remaining()).hasSize(3);
    }

    @Test
    void abortsWithExitCode1OnAnyOtherAnswer() {
        for (String answer : new String[] {"n\n", "\n", "", "sure\n"}) {
            CommandRun.Result result = prune(new CommandRun().stdin(answer), "--older-than", "7d");

            assertThat(result.exitCode()).as(answer).isEqualTo(1);
            assertThat(result.out()).as(answer).isEqualTo("Delete 2 checkpoint row(s)? [y/N]: ");
            assertThat(result.err()).as(answer).isEqualTo("Aborted!\n");
        }
        assertThat(remaining()).hasSize(4);
    }

    @Test
    void doesNotAskWhenNothingMatches() {
        CommandRun.Result result = prune(new CommandRun().stdin("y\n"), "--namespace", "nobody");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No matching rows to prune.\n");
        assertThat(remaining()).hasSize(4);
    }

    @Test
    void withYesNothingMatchingDeletesZero() {
        CommandRun.Result result = prune("--namespace", "nobody", "--yes");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\n  \"deleted\": 0\n}\n");
    }

    @Test
    void aMissingTableIsReportedOnStderrWithExitCode1() {
        String schema = DB.schema() + "_none";
        for (String mode : new String[] {"--dry-run", "--yes", "--verbose"}) {
            CommandRun.Result result = new CommandRun().execute("kinesis", "prune", "--namespace", "orders", mode,
                    "--schema", schema, DB.databaseUrl());

            assertThat(result.exitCode()).as(mode).isEqualTo(1);
            assertThat(result.err()).as(mode)
                    .endsWith("Checkpoint table \"" + schema + "\".\"kinesis_checkpoints\" does not exist\n");
            assertThat(result.out()).as(mode).isEmpty();
        }
    }

    @Test
    void takesTheDatabaseAndSchemaFromTheEnvironment() throws Exception {
        CommandRun.Result result = new CommandRun()
                .env("CRATEDB_URI", DB.databaseUrl())
                .env("CRATEDB_EXT_SCHEMA", DB.schema())
                .execute("kinesis", "prune-checkpoints", "--namespace", "payments", "--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(json(result.out()).get("would_delete").asLong()).isEqualTo(1);
    }

    @Test
    void helpDescribesEveryOptionAndTheStalenessCaveat() {
        CommandRun.Result result = new CommandRun().execute("kinesis", "prune", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("prune-checkpoints", "--older-than", "--namespace", "--schema",
                "--include-active", "--dry-run", "-y, --yes", "--verbose", "DBURI");
        assertThat(result.out().replaceAll("\\s+", " ")).contains("idle but healthy consumer's rows look stale");
    }

    @Test
    void keepsRowsItDoesNotSelect() {
        prune("--older-than", "7d", "--yes");

        Checkpoint active = store.load("orders").get("old-active");
        assertThat(active.active()).isTrue();
        assertThat(active.sequence()).isEqualTo("2");
    }
}
