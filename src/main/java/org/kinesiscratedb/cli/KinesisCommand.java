package org.kinesiscratedb.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.sql.DataSource;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.checkpoint.Checkpoint;
import org.kinesiscratedb.checkpoint.CheckpointSettings;
import org.kinesiscratedb.checkpoint.CheckpointStore;
import org.kinesiscratedb.checkpoint.CheckpointTableMissingException;
import org.kinesiscratedb.checkpoint.JdbcCheckpointStore;
import org.kinesiscratedb.target.TargetSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kinesis}: maintenance of the checkpoint table, as {@code ctk kinesis} does it
 * ({@code list-checkpoints}/{@code ls}, {@code prune-checkpoints}/{@code prune}).
 */
@Command(name = "kinesis", mixinStandardHelpOptions = true,
        description = "Kinesis checkpoint management.",
        subcommands = {ListCheckpointsCommand.class, PruneCheckpointsCommand.class})
public final class KinesisCommand implements Callable<Integer> {

    /** The environment variable a missing DBURI comes from. */
    public static final String URI_VARIABLE = "CRATEDB_URI";
    /** The environment variable a missing {@code --schema} comes from (else {@code ext}). */
    public static final String SCHEMA_VARIABLE = "CRATEDB_EXT_SCHEMA";

    /** The process environment; tests replace it. */
    static Map<String, String> environment = System.getenv();

    /** Where prompt answers come from instead of the console or stdin; tests set it, null in production. */
    static InputStream answers;

    private static final String POOL_NAME = "kinesis-checkpoints";
    private static final DateTimeFormatter UP_TO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    // Python's json.dumps(indent=2), which ctk prints: two spaces, "key": value, non-ASCII escaped.
    private static final ObjectWriter JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build()
            .writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The options both commands share: where the checkpoint table is, and which namespace. */
    static final class TableOptions {

        @Parameters(index = "0", arity = "0..1", paramLabel = "DBURI",
                description = "crate://[user[:password]@]host[:port][/schema] or "
                        + "postgresql://[user[:password]@]host[:port]/database; default: $" + URI_VARIABLE)
        String dbUri;

        @Option(names = "--schema", paramLabel = "S",
                description = "Schema where the checkpoint table lives; default: $" + SCHEMA_VARIABLE + ", else ext.")
        String schema;

        @Option(names = "--namespace", paramLabel = "N",
                description = "Only this checkpoint namespace (checkpointer-name, default the stream name).")
        String namespace;

        @Option(names = {"-v", "--verbose"}, description = "Say which table and database are used; debug logging.")
        boolean verbose;

        /** DBURI, else $CRATEDB_URI; neither is a usage error. */
        String dbUri(CommandSpec spec) {
            String value = dbUri != null ? dbUri : environment.get(URI_VARIABLE);
            if (value == null || value.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Missing required parameter: 'DBURI' (or set " + URI_VARIABLE + ")");
            }
            return value;
        }

        /** --schema, else $CRATEDB_EXT_SCHEMA, else ext; checked like checkpointer-schema. */
        String schema() {
            String value = schema != null ? schema : environment.get(SCHEMA_VARIABLE);
            if (value == null || value.isBlank()) {
                value = CheckpointSettings.DEFAULT_SCHEMA;
            }
            if (!CheckpointSettings.SCHEMA_PATTERN.matcher(value).matches()) {
                throw new SettingsException("--schema: '" + value + "' is not allowed; it must match "
                        + CheckpointSettings.SCHEMA_PATTERN.pattern());
            }
            return value;
        }

        Optional<String> namespace() {
            return Optional.ofNullable(namespace);
        }
    }

    /**
     * Runs {@code action} on the checkpoint table of DBURI and closes the connection pool afterwards. A missing
     * table is reported on stderr with exit code 1.
     */
    static int withStore(CommandSpec spec, TableOptions options, Function<CheckpointStore, Integer> action) {
        String url = options.dbUri(spec);
        String schema = options.schema();
        TargetSettings target = TargetSettings.parse(url, false, environment);
        PrintWriter err = spec.commandLine().getErr();
        Logging.setLevels(options.verbose, false);
        if (options.verbose) {
            err.println("Checkpoint table \"" + schema + "\".\"" + JdbcCheckpointStore.TABLE + "\" in " + target);
            err.flush();
        }
        DataSource dataSource = target.createDataSource(POOL_NAME, 1);
        try {
            return action.apply(JdbcCheckpointStore.create(dataSource, schema));
        } catch (CheckpointTableMissingException missing) {
            err.println(missing.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        } finally {
            close(dataSource);
        }
    }

    private static void close(DataSource dataSource) {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Closing a pool on the way out: nothing left to do about it.
            }
        }
    }

    /** Prints {@code value} as indented JSON followed by a newline. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot print JSON: " + e.getMessage(), e);
        }
    }

    /** A checkpoint row as the list prints it. */
    static Map<String, Object> toJson(Checkpoint checkpoint) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("namespace", checkpoint.namespace());
        row.put("shard_id", checkpoint.shardId());
        row.put("sequence", checkpoint.sequence());
        row.put("active", checkpoint.active());
        row.put("updated_at", checkpoint.updatedAt() == null ? null : isoTimestamp(checkpoint.updatedAt()));
        return row;
    }

    /** ISO-8601 in UTC as Python's isoformat() writes it: {@code 2025-06-01T10:00:00.123000+00:00}. */
    static String isoTimestamp(OffsetDateTime time) {
        OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String fraction = utc.getNano() == 0 ? "" : String.format(".%06d", utc.getNano() / 1000);
        return utc.format(UP_TO_SECONDS) + fraction + "+00:00";
    }
}
