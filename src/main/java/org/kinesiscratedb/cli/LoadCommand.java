package org.kinesiscratedb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.camel.main.Main;
import org.kinesiscratedb.relay.FileReplay;
import org.kinesiscratedb.relay.KinesisRelay;
import org.kinesiscratedb.relay.RelaySummary;
import org.kinesiscratedb.source.KinesisSourceSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code load SOURCE TARGET}: read a Kinesis stream into a table until every shard is caught up. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Load a Kinesis stream into CrateDB (or PostgreSQL).",
            "kinesis:?... (JSON records into one table) reads every shard until it is caught up with the tip of the"
                    + " stream, then prints a summary and exits; with --follow it keeps reading until stopped.",
            "kinesis+dms://... (AWS DMS change events into the tables of a schema) and kinesis+dynamodb+cdc://..."
                    + " (DynamoDB Streams records into one table) keep reading until stopped, or until idle with"
                    + " once=true. kinesis+dms:///path/events.ndjson replays a file of events.",
            "Ctrl-C / SIGTERM stop cleanly: the last batch is written and checkpoints are saved."},
        footer = {
            "",
            "Example:",
            "  kinesis-cratedb load \\",
            "    \"kinesis:?aws_access_key_id=test&aws_secret_access_key=test&region_name=us-east-1&table=demo\" \\",
            "    \"crate://crate:crate@localhost:4200/testdrive/kinesis\"",
            "",
            "Exit codes: 0 done, 1 failure, 2 bad arguments."})
public final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "kinesis:?table=STREAM&region_name=REGION&... (see the README for every parameter)")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET",
            description = "crate://[user[:password]@]host[:port]/SCHEMA/TABLE or "
                    + "postgresql://[user[:password]@]host[:port]/DATABASE/SCHEMA/TABLE")
    String target;

    @Option(names = "--transformation", paramLabel = "FILE",
            description = "kinesis: sources: a tikray transformation file applied to every record; "
                    + "kinesis+dms:// sources: the DMS recipe (mapping strategy, primary keys, map columns).")
    Path transformation;

    @Option(names = "--follow", description = "Keep reading new records until stopped instead of exiting when caught up.")
    boolean follow;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        KinesisSourceSettings settings = KinesisSourceSettings.parse(source);
        if (settings.replayFile().isPresent()) {
            settings.warnings().forEach(warning -> LoggerFactory.getLogger(LoadCommand.class).warn(warning));
            return print(FileReplay.replay(settings, target, transformation));
        }
        // A JSON load is bounded unless --follow; a CDC relay runs until stopped unless its URL says once=true.
        boolean keepReading = follow || (settings.format() != KinesisSourceSettings.Format.JSON && !settings.once());
        KinesisRelay relay = new KinesisRelay(source, target, keepReading);
        if (transformation != null) {
            relay.setTransformation(transformation.toString());
        }
        relay.validate();
        Main main = new Main();
        // load takes everything from its command line: an application.properties that happens to be on the
        // classpath must not reconfigure the relay (it would, through camel.beans.kinesisRelay.*).
        main.setDefaultPropertyPlaceholderLocation("false");
        main.bind("kinesisRelay", relay);
        main.configure().withRoutesIncludePattern(KinesisRelay.ROUTES);
        main.configure().setName("kinesis-cratedb");
        relay.finished().whenComplete((summary, failure) -> main.completed());
        try (GracefulStop ignored = new GracefulStop(main);
             Progress progress = logging.quiet ? null : Progress.start(relay::status,
                     new PrintWriter(System.err, true), System.console() != null)) {
            main.run();
            if (progress != null) {
                progress.close(); // clear the progress line before the summary
            }
            int code = report(relay);
            return code;
        }
    }

    private int print(RelaySummary summary) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary);
        out.flush();
        return ExitCodes.OK;
    }

    private int report(KinesisRelay relay) throws Exception {
        if (!relay.finished().isDone()) {
            throw new IllegalStateException("the relay did not start; see the log above");
        }
        try {
            return print(relay.finished().get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
