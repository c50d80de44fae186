package org.kinesiscratedb.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.kinesiscratedb.checkpoint.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kinesis list-checkpoints} (alias {@code ls}): the checkpoint rows as a JSON array. */
@Command(name = "list-checkpoints", aliases = "ls", mixinStandardHelpOptions = true,
        description = {
            "List checkpoint records.",
            "Prints a JSON array of {namespace, shard_id, sequence, active, updated_at}, ordered by namespace and"
                    + " shard_id, or \"No checkpoints found.\"."},
        footer = {"", "Exit codes: 0 listed (or none found), 1 table missing or failure, 2 bad arguments."})
public final class ListCheckpointsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KinesisCommand.TableOptions table;

    @Override
    public Integer call() {
        return KinesisCommand.withStore(spec, table, store -> {
            List<Checkpoint> rows = store.list(table.namespace());
            PrintWriter out = spec.commandLine().getOut();
            if (rows.isEmpty()) {
                out.println("No checkpoints found.");
                out.flush();
            } else {
                KinesisCommand.printJson(out, rows.stream().map(KinesisCommand::toJson).toList());
            }
            return ExitCodes.OK;
        });
    }
}
