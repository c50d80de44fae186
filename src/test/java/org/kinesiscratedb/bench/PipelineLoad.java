package org.kinesiscratedb.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kinesiscratedb.cli.Main;
import picocli.CommandLine;

/**
 * Measurement 3, our {@code load} end to end: the real command line, in this JVM, reading the whole backlog. The
 * rate is the command's own summary (from the relay's start to its last write); the wall time includes Camel's
 * start-up and the check that every shard is caught up.
 */
final class PipelineLoad {

    /** {@code 200000 records read, 200000 rows written, 0 dead-lettered in 9.8 s (20408 records/s)}. */
    static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records read, (\\d+) rows written, (\\d+) dead-lettered in ([\\d.]+) s");

    private PipelineLoad() {
    }

    static Map<String, Object> run(String sourceUrl, String targetUrl) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = commandLine.execute("load", "--quiet", sourceUrl, targetUrl);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        Matcher summary = SUMMARY.matcher(out.toString());
        if (code != 0 || !summary.find()) {
            throw new IllegalStateException("load failed with exit code " + code + ": " + out + err);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", Long.parseLong(summary.group(1)));
        result.put("rowsWritten", Long.parseLong(summary.group(2)));
        result.put("deadLettered", Long.parseLong(summary.group(3)));
        result.put("seconds", Double.parseDouble(summary.group(4)));
        result.put("wallSeconds", wallSeconds);
        result.put("summary", summary.group(0));
        return result;
    }
}
