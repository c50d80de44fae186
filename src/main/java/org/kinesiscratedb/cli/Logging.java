package org.kinesiscratedb.cli;

/** Log set-up of the command line: our own configuration file, and --verbose / --quiet levels. */
final class Logging {

    private static final String CONFIGURATION = "log4j2.configurationFile";

    private Logging() {
    }

    /**
     * Must run before the first logger is created, so it looks at the raw arguments for {@code --log-json}.
     * A user's own -Dlog4j2.configurationFile wins.
     */
    static void useCommandLineConfiguration(String[] args) {
        if (System.getProperty(CONFIGURATION) == null) {
            boolean json = java.util.Arrays.asList(args).contains(LoggingOptions.LOG_JSON);
            System.setProperty(CONFIGURATION,
                    json ? "classpath:kinesis-cratedb-log4j2-json.xml" : "classpath:kinesis-cratedb-log4j2.xml");
        }
    }

    /** --verbose: our debug messages and Camel's informational ones; --quiet: warnings only. */
    static void setLevels(boolean verbose, boolean quiet) {
        try {
            if (verbose) {
                org.apache.logging.log4j.core.config.Configurator.setLevel("org.kinesiscratedb",
                        org.apache.logging.log4j.Level.DEBUG);
                org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.camel",
                        org.apache.logging.log4j.Level.INFO);
            } else if (quiet) {
                org.apache.logging.log4j.core.config.Configurator.setLevel("org.kinesiscratedb",
                        org.apache.logging.log4j.Level.WARN);
            }
        } catch (NoClassDefFoundError embeddedWithoutLog4j) {
            // Embedded in an application with another logging backend: its configuration rules.
        }
    }
}
