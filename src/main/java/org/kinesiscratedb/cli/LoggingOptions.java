package org.kinesiscratedb.cli;

import picocli.CommandLine.Option;

/** The logging options that load and run share. */
final class LoggingOptions {

    static final String LOG_JSON = "--log-json";

    @Option(names = {"-v", "--verbose"}, description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors (and load's summary); no progress.")
    boolean quiet;

    @Option(names = LOG_JSON, description = "Log one JSON object per line (Elastic Common Schema) on stderr.")
    boolean logJson;

    /** Sets the levels; the JSON layout was chosen before the first logger existed (see {@link Logging}). */
    void apply() {
        Logging.setLevels(verbose, quiet);
    }
}
