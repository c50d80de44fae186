package org.kinesiscratedb.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line as a user would, with a given environment and stdin, capturing both outputs. */
final class CommandRun {

    record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> environment = new HashMap<>();
    private String stdin;

    CommandRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CommandRun stdin(String text) {
        stdin = text;
        return this;
    }

    Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        KinesisCommand.environment = environment;
        KinesisCommand.answers = new ByteArrayInputStream(
                (stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        try {
            int exitCode = commandLine.execute(args);
            return new Result(exitCode, out.toString(), err.toString());
        } finally {
            KinesisCommand.environment = System.getenv();
            KinesisCommand.answers = null;
        }
    }
}
