package org.kinesiscratedb.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import org.kinesiscratedb.SettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: Camel Main with the YAML routes and application.properties of the working directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run the YAML routes (routes/*.camel.yaml) with application.properties, like 'camel run' does.",
            "Runs until stopped (Ctrl-C / SIGTERM stop cleanly)."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--routes", paramLabel = "DIR", defaultValue = "routes",
            description = "Folder with the *.camel.yaml route files (default: ${DEFAULT-VALUE}).")
    Path routes;

    @Option(names = "--properties", paramLabel = "FILE", defaultValue = "application.properties",
            description = "The properties file (default: ${DEFAULT-VALUE}).")
    Path properties;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        if (!Files.isDirectory(routes)) {
            throw new SettingsException("--routes: folder '" + routes + "' does not exist");
        }
        if (!Files.isRegularFile(properties)) {
            throw new SettingsException("--properties: file '" + properties + "' does not exist");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath());
        main.configure().withRoutesIncludePattern("file:" + routes.toAbsolutePath() + "/*.camel.yaml");
        try (GracefulStop ignored = new GracefulStop(main)) {
            main.run();
            return main.getExitCode();
        }
    }
}
