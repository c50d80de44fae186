package org.kinesiscratedb.cli;

import java.io.PrintWriter;
import org.kinesiscratedb.SettingsException;
import picocli.CommandLine;

/** Exit codes of every command, and how exceptions become one-line errors. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    /** Bad settings are usage errors (2); anything else is a failure (1). A stack trace only with --verbose. */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            boolean verbose = false;
            for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
                verbose |= level.hasMatchedOption("--verbose");
            }
            err.println(commandLine.getColorScheme().errorText("Error: " + describe(ex)));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof SettingsException ? USAGE : FAILURE;
        }

        private static String describe(Throwable ex) {
            String message = ex.getMessage();
            return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
        }
    }

    /** Picocli's own parse errors (unknown option, missing parameter): message, usage, exit code 2. */
    static final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine commandLine = ex.getCommandLine();
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getColorScheme().errorText("Error: " + ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        }
    }
}
