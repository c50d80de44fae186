package org.kinesiscratedb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.Rows;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The {@code kinesis-cratedb} launcher script, run against the jar that {@code mvn package} just built (failsafe runs
 * after the package phase).
 */
class LauncherIT {

    private static final Path JAR = Path.of(System.getProperty("build.dir", "target"), "kinesis-cratedb.jar");

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private record Run(int exitCode, String output) {
    }

    private static Run launch(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("./kinesis-cratedb"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KCR_HEAP");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheJarWithA256MegabyteHeapUnlessToldOtherwise() throws Exception {
        assertThat(JAR).exists();
        // -XshowSettings:vm prints the heap limit the JVM was started with before the command runs.
        Run standard = launch(Map.of("KCR_JAR", JAR.toString(), "JAVA_OPTS", "-XshowSettings:vm"), "--help");
        assertThat(standard.exitCode()).as(standard.output()).isZero();
        assertThat(standard.output()).contains("Max. Heap Size: 256.00M").contains("load");

        Run larger = launch(Map.of("KCR_JAR", JAR.toString(), "KCR_HEAP", "1g", "JAVA_OPTS", "-XshowSettings:vm"),
                "--help");
        assertThat(larger.output()).contains("Max. Heap Size: 1.00G");
    }

    @Test
    void saysWhichJarIsMissing() throws Exception {
        Run missing = launch(Map.of("KCR_JAR", "/nonexistent/kinesis-cratedb.jar"), "--help");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output().strip()).isEqualTo("Error: KCR_JAR=/nonexistent/kinesis-cratedb.jar is not a file");
    }

    @Test
    void passesArgumentsAndTheExitCodeThrough() throws Exception {
        Run bad = launch(Map.of("KCR_JAR", JAR.toString()), "load", "kinesis:?nonsense=1", "crate://localhost/t");
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.isExecutable(Path.of("kinesis-cratedb"))).isTrue();
    }

    @Test
    void loadsAStreamAsTheReadmeTutorialDoes() throws Exception {
        KINESIS.createStream("tutorial", 1);
        KINESIS.putJson("tutorial",
                "{\"sensor_id\":1,\"ts\":\"2025-06-01 10:00\",\"temperature\":42.42,\"humidity\":84.84}",
                "{\"sensor_id\":2,\"ts\":\"2025-06-01 11:00\",\"temperature\":45.21,\"humidity\":80.82}");

        Run load = launch(Map.of("KCR_JAR", JAR.toString()), "load", KINESIS.sourceUrl("tutorial"),
                DB.targetUrl("tutorial"));

        assertThat(load.exitCode()).as(load.output()).isZero();
        assertThat(load.output()).contains("2 records read, 2 rows written, 0 dead-lettered");
        assertThat(Rows.count(DB, "tutorial")).isEqualTo(2);
    }
}
