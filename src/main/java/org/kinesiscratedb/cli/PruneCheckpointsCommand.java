package org.kinesiscratedb.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kinesiscratedb.checkpoint.CheckpointStore;
import org.kinesiscratedb.checkpoint.Durations;
import org.kinesiscratedb.checkpoint.PruneFilter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinesis prune-checkpoints} (alias {@code prune}): deletes old or unwanted checkpoint rows. */
@Command(name = "prune-checkpoints", aliases = "prune", mixinStandardHelpOptions = true,
        description = {
            "Delete checkpoint rows matching filters.",
            "At least one of --older-than or --namespace is required. By default only inactive rows (active=FALSE)"
                    + " are eligible.",
            "Note: an idle but healthy consumer's rows look stale by updated_at; stop consumers before pruning,"
                    + " or look first with --dry-run."},
        footer = {"", "Exit codes: 0 done (or nothing to do), 1 aborted, invalid duration, table missing or failure,"
                + " 2 bad arguments."})
public final class PruneCheckpointsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KinesisCommand.TableOptions table;

    @Option(names = "--older-than", paramLabel = "D",
            description = "Age threshold by updated_at: Nw Nd Nh Nm Ns in this order, e.g. 30d, 24h, 2w, 1d12h.")
    String olderThan;

    @Option(names = "--include-active", description = "Also delete active rows (use with care: stop consumers first).")
    boolean includeActive;

    @Option(names = "--dry-run", description = "Show how many rows would be deleted without deleting them.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Skip the confirmation prompt.")
    boolean yes;

    @Override
    public Integer call() {
        table.dbUri(spec);
        if (olderThan == null && table.namespace().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "At least one of --older-than or --namespace is required");
        }
        Optional<OffsetDateTime> cutoff = Optional.ofNullable(olderThan).map(PruneCheckpointsCommand::cutoff);
        PruneFilter filter = new PruneFilter(table.namespace(), cutoff, includeActive);
        return KinesisCommand.withStore(spec, table, store -> prune(store, filter));
    }

    private int prune(CheckpointStore store, PruneFilter filter) {
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            KinesisCommand.printJson(out, result("would_delete", store.count(filter), filter));
            return ExitCodes.OK;
        }
        if (!yes) {
            long matching = store.count(filter);
            if (matching == 0) {
                out.println("No matching rows to prune.");
                out.flush();
                return ExitCodes.OK;
            }
            if (!confirm("Delete " + matching + " checkpoint row(s)? [y/N]: ")) {
                spec.commandLine().getErr().println("Aborted!");
                spec.commandLine().getErr().flush();
                return ExitCodes.FAILURE;
            }
        }
        KinesisCommand.printJson(out, result("deleted", store.delete(filter), filter));
        return ExitCodes.OK;
    }

    /** now − D, in microseconds like the database; an invalid D fails with the text of Durations (exit 1). */
    private static OffsetDateTime cutoff(String olderThan) {
        Duration age = Durations.parse(olderThan);
        try {
            return OffsetDateTime.now(ZoneOffset.UTC).minus(age).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException | ArithmeticException tooOld) {
            throw new IllegalArgumentException("Duration too large, got: '" + olderThan.strip() + "'", tooOld);
        }
    }

    private static Map<String, Object> result(String countName, long count, PruneFilter filter) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(countName, count);
        filter.updatedBefore().ifPresent(cutoff -> result.put("cutoff", KinesisCommand.isoTimestamp(cutoff)));
        return result;
    }

    /** Asks on the console if there is one, else on stdout/stdin; only y or yes (any case) agrees. */
    private boolean confirm(String question) {
        Console console = System.console();
        String answer;
        if (KinesisCommand.answers == null && console != null) {
            answer = console.readLine("%s", question);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(question);
            out.flush();
            answer = readLine(KinesisCommand.answers != null ? KinesisCommand.answers : System.in);
        }
        String normalized = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        return normalized.equals("y") || normalized.equals("yes");
    }

    // Not closed: it may wrap System.in.
    private static String readLine(InputStream in) {
        try {
            return new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())).readLine();
        } catch (IOException unreadable) {
            return null;
        }
    }
}
