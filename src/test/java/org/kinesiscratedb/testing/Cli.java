package org.kinesiscratedb.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.kinesiscratedb.cli.Main;
import picocli.CommandLine;

/** Runs the command line in this JVM as a user would, capturing its output. */
public final class Cli {

    /** What a command did. */
    public record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
