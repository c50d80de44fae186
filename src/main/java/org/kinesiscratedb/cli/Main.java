package org.kinesiscratedb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kinesis-cratedb} command line: {@code run}, {@code load}, {@code kinesis ...}. */
@Command(
        name = "kinesis-cratedb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Relay records from Amazon Kinesis Data Streams into CrateDB.",
        subcommands = {LoadCommand.class, RunCommand.class, KinesisCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        Logging.useCommandLineConfiguration(args);
        int code = execute(args);
        GracefulStop.commandFinished(code);
        System.exit(code);
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage error. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line, also used by tests to capture output. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new ExitCodes.ErrorHandler());
        commandLine.setParameterExceptionHandler(new ExitCodes.UsageErrorHandler());
        return commandLine;
    }
}
