package org.kinesiscratedb.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * What `load` shows as a separate process: under a real pseudo-terminal (util-linux `script`) a progress line that
 * rewrites itself, without a terminal no such line; with --log-json one JSON object per log line.
 */
class ProgressOnTerminalTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static String javaCommand(String... loadArgs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path").replaceAll(File.pathSeparator + "+$", "");
        StringBuilder command = new StringBuilder(java).append(" -cp ").append(classPath)
                .append(" org.kinesiscratedb.cli.Main load");
        for (String arg : loadArgs) {
            command.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        return command.toString();
    }

    private static String run(List<String> command) throws Exception {
        Path output = Files.createTempFile("progress", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(output)).isTrue();
        return Files.readString(output);
    }

    @Test
    void aTerminalShowsAProgressLineThatRewritesItself() throws Exception {
        KINESIS.createStream("tty", 2);
        KINESIS.put("tty", CheckpointResumeTest.records(0, 4000), 10);
        String load = javaCommand(KINESIS.sourceUrl("tty", "batch_size=50"), DB.targetUrl("tty"));

        String onTerminal = run(List.of("script", "-qefc", load, "/dev/null"));

        assertThat(onTerminal).contains("4000 records read");
        assertThat(onTerminal).containsPattern("\rtty: [0-9,]+ records \\([0-9,]+/s\\), [0-9,]+ rows");

        String plain = run(List.of("sh", "-c", load + " < /dev/null"));
        assertThat(plain).contains("4000 records read").doesNotContain("\rtty: ");
    }

    @Test
    void logJsonWritesOneJsonObjectPerLogLine() throws Exception {
        KINESIS.createStream("json-log", 1);
        KINESIS.putJson("json-log", "{\"a\":1}");
        String load = javaCommand("--log-json", KINESIS.sourceUrl("json-log"), DB.targetUrl("json_log"));

        String output = run(List.of("sh", "-c", load + " < /dev/null"));

        List<String> logLines = output.lines().filter(line -> line.startsWith("{")).toList();
        assertThat(logLines).isNotEmpty();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : logLines) {
            assertThat(json.readTree(line).has("message")).as(line).isTrue();
        }
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("caught up"));
        assertThat(output).contains("1 records read");
    }
}
